// Run a command and sample the peak RSS of its process from /proc (Linux): shared by the synthetic and the
// real-repository benches.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

export interface Measured {
  wallMs: number;
  peakRssMb: number | null;
  stdout: string;
  code: number | null;
  timedOut: boolean;
}

export function measure(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<Measured> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', CI: 'true' } });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', () => {});
    let peak: number | null = null;
    const sample = () => {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const m = /VmHWM:\s+(\d+) kB/.exec(status);
        if (m) peak = Math.max(peak ?? 0, Number(m[1]) / 1024);
      } catch {
        /* gone */
      }
    };
    const timer = setInterval(sample, 50);
    let timedOut = false;
    const killer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearInterval(timer);
      clearTimeout(killer);
      resolve({ wallMs: performance.now() - t0, peakRssMb: peak, stdout: Buffer.concat(chunks).toString('utf8'), code, timedOut });
    });
  });
}
