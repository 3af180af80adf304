#!/usr/bin/env node
// The `dagstep` executable: runs the TypeScript CLI through tsx, so DSL workflows (.ts) load as-is.
require('tsx/cjs');
require('./dagstep.ts');
