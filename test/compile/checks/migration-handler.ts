/** A handler file for test/compile/checks/migration.test.ts (two tasks sharing it are one function). */
export const handler = async () => ({});
