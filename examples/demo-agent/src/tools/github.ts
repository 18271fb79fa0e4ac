import { tool } from 'ai';
import { z } from 'zod';
import { Octokit } from '@octokit/rest';

// Built once at module load: every task this process ever runs can use this token.
const octokit = new Octokit({ auth: process.env.GITHUB_TOKEN });

export const listIssues = tool({
  description: 'List open issues of a repository',
  parameters: z.object({ owner: z.string(), repo: z.string() }),
  execute: async ({ owner, repo }) => {
    const { data } = await octokit.rest.issues.listForRepo({ owner, repo, state: 'open' });
    return data.map((i) => ({ number: i.number, title: i.title }));
  },
});
