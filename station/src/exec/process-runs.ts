/**
 * Whether the process `pid` of this computer still runs, asked without touching it (signal 0): gone
 * (ESRCH) is the only answer that says no; EPERM is a process that runs as another user.
 */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
