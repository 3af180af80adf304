// Runs in each test file before its tests (jest.config.js setupFilesAfterEnv).
//
// A CDK App without an outdir makes a new cdk.out* folder in the temp folder at each construction
// and never removes it (about 600 folders, 90 MB, per run of this suite). The Apps of one test
// file share one folder instead (CDK_OUTDIR; they synthesize one after the other), removed after
// the file's tests.
const fs = require('fs');
const os = require('os');
const path = require('path');

if (!process.env.CDK_OUTDIR) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dagstep-test-cdk-'));
  process.env.CDK_OUTDIR = dir;
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    delete process.env.CDK_OUTDIR;
  });
}
