#!/usr/bin/env node
// Entry point of the registry server CLI (`npx server serve`, `npx server station add <name>`).
// No GC flag, unlike bin/station.js: what a request allocates dies young (the weekly report's JSON and
// CSV bytes are Buffers outside V8's heap), so the server never churned its old generation. Measured
// with bench/server-gc.ts (30 Nov): 40 ten-year reports made 8 scavenges and 0–1 mark-compact without
// --initial-old-space-size=64, 9 and 1 with it; 600 batch reports 4 scavenges and no mark-compact
// either way; the server's CPU a request the same within the noise.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
