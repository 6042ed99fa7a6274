// Loaded with NODE_OPTIONS=--require: writes the node flags this process was started with to $PROBE_OUT.
const { writeFileSync } = require('node:fs');
writeFileSync(process.env.PROBE_OUT, JSON.stringify({ execArgv: process.execArgv }));
