#!/usr/bin/env -S node --initial-old-space-size=64
// Entry point of the station CLI: loads the TypeScript sources through tsx (a runtime dependency),
// so `npx station` works right after `npm install` on Windows and Linux alike.
// The flag on the first line: each page's buffers (the file, its previews) outlive a few scavenges, and
// against V8's small default old generation (~9 MB) they caused a mark-compact every few pages; 64 MB
// from the start cut the GC pauses of a colour split by about two thirds. V8 takes it only at start-up,
// so it is on the first line, which the links npm makes read on Linux (the kernel, `env -S`) and on
// Windows (cmd-shim turns it into the .cmd/.ps1 shims' command line); `npm run demo` and the bench
// pass the same flags (test/bin/station-launcher.test.ts keeps them the same).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../station/src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
