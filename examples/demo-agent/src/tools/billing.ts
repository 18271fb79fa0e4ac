import { tool } from 'ai';
import { z } from 'zod';
import { mintTaskToken } from '../broker.js';

export const refundCharge = tool({
  description: 'Refund one charge for the current task',
  parameters: z.object({ chargeId: z.string(), taskId: z.string() }),
  execute: async ({ chargeId, taskId }) => {
    // Minted per call by the broker: audience-bound, 5 minutes, scoped to this task.
    const token = await mintTaskToken({ audience: 'billing-api', scope: `refund:${chargeId}`, ttlSeconds: 300, taskId });
    const res = await fetch(`https://billing.internal/refunds/${chargeId}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    });
    return res.ok;
  },
});
