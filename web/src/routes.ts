import type { RouteDef } from './router.ts';
import { casesMenu, casesRoutes } from './pages/cases/routes.ts';
import { councilsMenu, councilsRoutes } from './pages/councils/routes.ts';
import { votesMenu, votesRoutes } from './pages/votes/routes.ts';
import { projectsMenu, projectsRoutes } from './pages/projects/routes.ts';
import { awardsMenu, awardsRoutes } from './pages/awards/routes.ts';

/** Every page of the console. Pages load lazily; `capability` hides a page (and its menu item) from roles without it. */
export const routeDefs: RouteDef[] = [
  { name: 'login', path: '/login', component: () => import('./pages/LoginPage.vue'), public: true },
  { name: 'tree', path: '/tree/:code?', component: () => import('./pages/TreePage.vue'), title: 'menu.tree', capability: 'tree.read' },
  { name: 'map', path: '/map', component: () => import('./pages/MapPage.vue'), title: 'menu.map', capability: 'tree.read' },
  { name: 'roster', path: '/roster', component: () => import('./pages/RosterPage.vue'), title: 'menu.roster', capability: 'roster.read' },
  { name: 'import', path: '/import', component: () => import('./pages/ImportPage.vue'), title: 'menu.import', capability: 'roster.import' },
  { name: 'respond', path: '/respond', component: () => import('./pages/RespondPage.vue'), title: 'menu.respond', roles: ['volunteer', 'microGridLeader', 'gridWorker'] },
  { name: 'careVisits', path: '/care/visits', component: () => import('./pages/care/VisitsPage.vue'), title: 'careVisits.menu', roles: ['communityStaff', 'gridLeader', 'gridWorker', 'microGridLeader', 'volunteer', 'buildingSteward', 'partyMember', 'socialWorker'] },
  { name: 'careMyRounds', path: '/care/rounds', component: () => import('./pages/care/MyRoundsPage.vue'), title: 'careVisits.meals.myMenu', roles: ['volunteer', 'microGridLeader', 'buildingSteward', 'partyMember', 'gridWorker', 'socialWorker'] },
  { name: 'careMeals', path: '/care/meals', component: () => import('./pages/care/MealsPage.vue'), title: 'careVisits.meals.menu', roles: ['communityStaff', 'gridLeader', 'gridWorker', 'socialWorker'] },
  { name: 'careGroups', path: '/care/groups', component: () => import('./pages/care/GroupsPage.vue'), title: 'careVisits.groups.menu', roles: ['countyCentre', 'streetStaff', 'communityStaff', 'gridLeader', 'gridWorker'] },
  ...casesRoutes,
  ...councilsRoutes,
  ...votesRoutes,
  ...projectsRoutes,
  ...awardsRoutes,
  { name: 'audit', path: '/audit', component: () => import('./pages/AuditPage.vue'), title: 'menu.audit', capability: 'audit.read' },
];

export interface MenuGroup {
  title: string;
  icon: string;
  items: { route: string; path: string; icon: string }[];
}

export const menu: MenuGroup[] = [
  {
    title: 'menu.governance',
    icon: 'OfficeBuilding',
    items: [
      { route: 'tree', path: '/tree', icon: 'Share' },
      { route: 'map', path: '/map', icon: 'MapLocation' },
    ],
  },
  {
    title: 'menu.residents',
    icon: 'User',
    items: [
      { route: 'roster', path: '/roster', icon: 'Tickets' },
      { route: 'import', path: '/import', icon: 'Upload' },
    ],
  },
  casesMenu,
  councilsMenu,
  votesMenu,
  projectsMenu,
  awardsMenu,
  { title: 'menu.care', icon: 'FirstAidKit', items: [{ route: 'respond', path: '/respond', icon: 'Bell' }, { route: 'careVisits', path: '/care/visits', icon: 'Tickets' }, { route: 'careMyRounds', path: '/care/rounds', icon: 'Tickets' }, { route: 'careMeals', path: '/care/meals', icon: 'Document' }, { route: 'careGroups', path: '/care/groups', icon: 'User' }] },
  { title: 'menu.system', icon: 'Setting', items: [{ route: 'audit', path: '/audit', icon: 'Document' }] },
];
