#!/usr/bin/env node
// Entry point of the station CLI: loads the TypeScript sources through tsx (a runtime dependency),
// so `npx station` works right after `npm install` on Windows and Linux alike.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../station/src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
