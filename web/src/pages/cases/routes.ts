import type { RouteDef } from '../../router.ts';
import { staffRoles } from '../../components/cases/format.ts';

/** The cases pages; `/cases/:ref` comes last so the named pages win. A case page is open to anyone signed in: the server decides who sees it. */
export const casesRoutes: RouteDef[] = [
  { name: 'cases-inbox', path: '/cases/inbox', component: () => import('./InboxPage.vue'), title: 'cases.menu.inbox', roles: staffRoles },
  { name: 'cases-map', path: '/cases/map', component: () => import('./CasesMapPage.vue'), title: 'cases.menu.map', roles: staffRoles },
  { name: 'cases-indicators', path: '/cases/indicators', component: () => import('./IndicatorsPage.vue'), title: 'cases.menu.indicators', roles: staffRoles },
  { name: 'cases-report', path: '/cases/report', component: () => import('./ReportPage.vue'), title: 'cases.menu.report', roles: ['resident'] },
  { name: 'case', path: '/cases/:ref', component: () => import('./CasePage.vue'), title: 'cases.detail.title' },
];

export const casesMenu = {
  title: 'cases.menu.group',
  icon: 'Tickets',
  items: [
    { route: 'cases-inbox', path: '/cases/inbox', icon: 'Bell' },
    { route: 'cases-map', path: '/cases/map', icon: 'MapLocation' },
    { route: 'cases-indicators', path: '/cases/indicators', icon: 'Document' },
    { route: 'cases-report', path: '/cases/report', icon: 'Upload' },
  ],
};
