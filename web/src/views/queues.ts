/**
 * Background queues for admins: how much work waits and fails per queue (as a chart), and the
 * way into the full queue dashboard the server renders at /admin/queues (Bull Board on BullMQ).
 * A browser page load cannot carry the app's bearer token, so "open" posts it once to the
 * dashboard's sign-in, which keeps it in an HttpOnly cookie scoped to the dashboard.
 */
import { api, session } from '../api.js';
import { stackedBarChart } from '../charts.js';
import { h } from '../dom.js';
import { t, type Key } from '../i18n.js';

interface Counts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

interface QueueOverview {
  driver: 'embedded' | 'bullmq';
  dashboard: string;
  queues: Array<{ name: string; counts: Counts }>;
}

const STATES: Key[] = ['queueWaiting', 'queueActive', 'queueDelayed', 'queueFailed'];
const COLOURS = ['#0b5aa6', '#1d6b34', '#7a8794', '#b3261e'];

export async function queuesView(): Promise<HTMLElement> {
  const overview = await api<QueueOverview>('GET', '/api/v1/admin/queues?failedLimit=0');
  const chart = stackedBarChart(
    t('queueChart'),
    STATES.map((key, i) => ({ name: t(key), colour: COLOURS[i]! })),
    overview.queues.map((q) => ({ label: q.name, values: [q.counts.waiting, q.counts.active, q.counts.delayed, q.counts.failed] })),
    {
      labelHeading: t('quName'),
      // Only what is there: "2 uitgesteld" reads faster than four counts of which three are 0.
      valueText: (r) => STATES.map((key, i) => (r.values[i] ? `${r.values[i]} ${t(key).toLowerCase()}` : '')).filter(Boolean).join(' · ') || t('queueEmpty'),
    },
  );
  const open = h(
    'form',
    { method: 'post', action: `${overview.dashboard}/login` },
    h('input', { type: 'hidden', name: 'token', value: session()!.token }),
    h('button', { type: 'submit' }, t('openQueueDashboard')),
  );
  return h('div', null, h('h1', null, t('navQueues')), h('p', { class: 'hint' }, t('queuesIntro', { driver: overview.driver })), open, h('section', { class: 'card' }, chart));
}
