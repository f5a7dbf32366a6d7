import type { RouteDef } from '../../router.ts';

/** Everyone with a decisions role reads rounds; the server decides which and who manages. */
const readers = ['countyCentre', 'streetStaff', 'communityStaff', 'gridLeader', 'gridWorker', 'microGridLeader', 'buildingSteward', 'partyMember', 'ownersCommittee', 'socialWorker', 'propertyManager', 'volunteer', 'resident'];

export const projectsRoutes: RouteDef[] = [
  { name: 'projects', path: '/projects/:id?', component: () => import('./ProjectsPage.vue'), title: 'projects.menu.projects', roles: readers },
  { name: 'conventions', path: '/conventions/:id?', component: () => import('../conventions/ConventionsPage.vue'), title: 'conventions.menu', roles: readers },
  // The community's public board: results, progress, conventions and award winners, no sign-in.
  { name: 'decisions-board', path: '/board/:code', component: () => import('./PublicBoardPage.vue'), public: true },
];

export const projectsMenu = {
  title: 'projects.menu.group',
  icon: 'Share',
  items: [{ route: 'projects', path: '/projects', icon: 'Document' }, { route: 'conventions', path: '/conventions', icon: 'Tickets' }],
};
