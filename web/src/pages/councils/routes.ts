import type { RouteDef } from '../../router.ts';

/** Everyone with a decisions role reads councils; the server decides which ones and who manages. */
export const councilReaders = ['countyCentre', 'streetStaff', 'communityStaff', 'gridLeader', 'gridWorker', 'microGridLeader', 'buildingSteward', 'partyMember', 'ownersCommittee', 'socialWorker', 'propertyManager', 'volunteer', 'resident'];

export const councilsRoutes: RouteDef[] = [
  { name: 'councils', path: '/councils', component: () => import('./CouncilsPage.vue'), title: 'councils.menu.councils', roles: councilReaders },
  { name: 'council', path: '/councils/:id', component: () => import('./CouncilPage.vue'), title: 'councils.menu.council', roles: councilReaders },
  { name: 'meeting', path: '/meetings/:id', component: () => import('./MeetingPage.vue'), title: 'councils.menu.meeting', roles: councilReaders },
  // The QR code's phone page: open to anyone signed in; the server says whom they may check in.
  // A published notice, like the paper one on the board: no sign-in.
  { name: 'meeting-notice', path: '/notices/:id', component: () => import('./NoticePage.vue'), public: true },
  { name: 'checkin', path: '/checkin/:token', component: () => import('./CheckinPage.vue'), title: 'councils.menu.checkin' },
];

export const councilsMenu = { title: 'councils.menu.group', icon: 'OfficeBuilding', items: [{ route: 'councils', path: '/councils', icon: 'User' }] };
