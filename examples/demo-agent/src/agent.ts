import OpenAI from 'openai';
import { listIssues } from './tools/github.js';
import { refundCharge } from './tools/billing.js';

export const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });
export const tools = { listIssues, refundCharge };
