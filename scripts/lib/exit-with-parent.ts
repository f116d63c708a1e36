/**
 * Preloaded (`--import`) into the processes the operator scripts start: when the script that
 * started this process is gone (killed with SIGKILL, say), the process sends itself SIGTERM and so
 * shuts down as on Ctrl-C instead of living on as an orphan that holds its port.
 */
const parent = process.ppid;
const timer = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(timer);
  process.kill(process.pid, 'SIGTERM');
}, 1000);
// Must not keep the process alive on its own.
timer.unref();
