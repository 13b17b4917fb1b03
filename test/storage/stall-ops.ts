import fs from 'node:fs';

/** An extra file-thread op for the stall test: a plain blocking read (a fifo blocks until a writer comes). */
export const ops = { read: (p: string) => fs.readFileSync(p).length };
