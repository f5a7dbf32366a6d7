import type { RouteDef } from '../../router.ts';

/** Staff who read a community's decisions see its campaigns; the server decides who manages which. */
const staff = ['countyCentre', 'streetStaff', 'communityStaff', 'gridLeader', 'gridWorker', 'microGridLeader', 'buildingSteward', 'partyMember', 'ownersCommittee', 'socialWorker', 'volunteer'];

export const awardsRoutes: RouteDef[] = [
  { name: 'awards', path: '/awards/:id?', component: () => import('./AwardsPage.vue'), title: 'awards.menu.campaigns', roles: staff },
  // The resident's phone page: nominate, follow the campaign, see the winners; voting is on /vote.
  { name: 'myAwards', path: '/my-awards/:id?', component: () => import('./MyAwardsPage.vue'), title: 'awards.menu.mine', roles: ['resident'] },
];

export const awardsMenu = {
  title: 'awards.menu.group',
  icon: 'Document',
  items: [{ route: 'awards', path: '/awards', icon: 'Tickets' }, { route: 'myAwards', path: '/my-awards', icon: 'User' }],
};
