import { describe, expect, it } from 'vitest';
import { actionType, readAction, readStatus } from '../../../src/authoring/import/actions.ts';

const DATE = '2024-06-06';

describe('an action item written on one line', () => {
  it.each([
    ['Upgrade the library (owner: platform)', null, { title: 'Upgrade the library', owner: 'platform' }],
    ['Add alerting — owner: sre-team', null, { title: 'Add alerting', owner: 'sre-team' }],
    ['Add alerting @alice', null, { title: 'Add alerting', owner: '@alice' }],
    ['Ask @bob to add alerting', null, { title: 'Ask @bob to add alerting', owner: '@bob' }],
    ['Add alerting due 2024-07-01', null, { title: 'Add alerting', due: '2024-07-01' }],
    ['Add alerting by July 1', null, { title: 'Add alerting', due: '2024-07-01' }],
    ['Reduce timeouts by 50%', null, { title: 'Reduce timeouts by 50%' }],
    ['[x] Roll back', null, { title: 'Roll back', status: 'done' }],
    ['✅ Roll back', null, { title: 'Roll back', status: 'done' }],
    ['Roll back — Done', null, { title: 'Roll back', status: 'done' }],
    ['Roll back (in progress)', null, { title: 'Roll back', status: 'in-progress' }],
    ["Move to memcached — Won't do", false, { title: 'Move to memcached', status: 'wont-do' }],
    ['Fix the done-callback', null, { title: 'Fix the done-callback' }],
    ['Fix the done-callback', true, { title: 'Fix the done-callback', status: 'done' }],
    ['Fix the done-callback', false, { title: 'Fix the done-callback', status: 'open' }],
    [
      'Automate rotation (owner: identity, due 2024-08-15) — In progress',
      null,
      { title: 'Automate rotation', owner: 'identity', due: '2024-08-15', status: 'in-progress' },
    ],
    ['Automate rotation owner: identity due: 2024-08-15', null, { title: 'Automate rotation', owner: 'identity', due: '2024-08-15' }],
    ['Roll back v42 @jonas 2024-07-05', true, { title: 'Roll back v42', owner: '@jonas', due: '2024-07-05', status: 'done' }],
    ['Add memory alerts - Bob (done)', null, { title: 'Add memory alerts', owner: 'Bob', status: 'done' }],
    ['Load test auth - Carol, by Nov 30', null, { title: 'Load test auth', owner: 'Carol', due: '2024-11-30' }],
    ['Own the runbook — sre-team', null, { title: 'Own the runbook', owner: 'sre-team' }],
    ['Restart the pods (Kubernetes)', null, { title: 'Restart the pods (Kubernetes)' }],
    ['Move queues - Phase 2', null, { title: 'Move queues - Phase 2' }],
    // What reads as an attribute in brackets is taken; what does not stays in the title.
    ['Add staged rollout (Owner: platform; ETA: Q2)', null, { title: 'Add staged rollout (ETA: Q2)', owner: 'platform' }],
    ['Pin the client (15/03/2024)', null, { title: 'Pin the client', due: '2024-03-15' }],
    ['Pin the client (03/04/2024)', null, { title: 'Pin the client (03/04/2024)' }],
  ] as const)('%s (box %s)', (text, checked, expected) => {
    expect(readAction(text, checked, DATE)).toEqual(expected);
  });

  it.each([
    ['Done', 'done'],
    ['✔', 'done'],
    ['Closed', 'done'],
    ['In progress', 'in-progress'],
    ['WIP', 'in-progress'],
    ["Won't do", 'wont-do'],
    ['Cancelled', 'wont-do'],
    ['Open', 'open'],
    ['Status: To do', 'open'],
    ['maybe', undefined],
    ['✅ Done', 'done'],
    ['In Progress 🚧', 'in-progress'],
    ['Completed 2024-03-10', 'done'],
    ['Closed - fixed', 'done'],
    ['Open (blocked)', 'open'],
    ['wont-do', 'wont-do'],
    ['in-progress', 'in-progress'],
    ['Open a ticket with the vendor', undefined],
  ])('status %s', (text, status) => {
    expect(readStatus(text)).toBe(status);
  });

  it('its type from its words', () => {
    expect(['Add monitoring for expiry', 'Upgrade the library', 'Roll back the deploy', 'Hold a review'].map(actionType)).toEqual([
      'detect',
      'prevent',
      'mitigate',
      'process',
    ]);
  });
});
