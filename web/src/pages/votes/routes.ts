import type { RouteDef } from '../../router.ts';

const managersAndCollectors = ['countyCentre', 'streetStaff', 'communityStaff', 'gridLeader', 'gridWorker', 'microGridLeader', 'buildingSteward', 'ownersCommittee'];

export const votesRoutes: RouteDef[] = [
  { name: 'votes', path: '/votes', component: () => import('./VotesPage.vue'), title: 'votes.menu.motions', roles: managersAndCollectors },
  { name: 'motion', path: '/votes/:id', component: () => import('./MotionPage.vue'), title: 'votes.menu.motion', roles: managersAndCollectors },
  // The resident's phone page, also the target of the QR code printed on ballot papers.
  { name: 'myVotes', path: '/vote/:id?', component: () => import('./MyVotesPage.vue'), title: 'votes.menu.mine', roles: ['resident'] },
];

export const votesMenu = {
  title: 'votes.menu.group',
  icon: 'Tickets',
  items: [{ route: 'votes', path: '/votes', icon: 'Document' }, { route: 'myVotes', path: '/vote', icon: 'User' }],
};
