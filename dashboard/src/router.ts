import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import OverviewView from './features/overview/components/OverviewView.vue';

declare module 'vue-router' {
  interface RouteMeta {
    section?: string;
    titleKey?: string;
    /** The view spans several years: the filter bar shows a from/to range. */
    yearRange?: boolean;
    /** No filter bar: the page is about no one city's year, stage or department (sign-in, administration, the account; /cities, which has its own). */
    bare?: boolean;
  }
}

// The overview, where everyone lands, comes with the main bundle (its lazy chunk and the dozen
// small chunks it shared with other views were requests the first chart waited for); the other
// views load on demand.
const routes: RouteRecordRaw[] = [
  { path: '/', name: 'overview', component: OverviewView, meta: { section: 'overview', titleKey: 'overview.title' } },
  // One record with an optional node, so the tree (and its focus) stays when a node is chosen.
  { path: '/policy/:id?', name: 'policy', component: () => import('./features/policy/components/PolicyExplorerView.vue'), meta: { section: 'policy', titleKey: 'policy.title' } },
  { path: '/indicators', name: 'indicators', component: () => import('./features/indicators/components/IndicatorsView.vue'), meta: { section: 'indicators', titleKey: 'indicator.title' } },
  { path: '/indicators/:id', name: 'indicator', component: () => import('./features/indicators/components/IndicatorView.vue'), meta: { section: 'indicators', titleKey: 'indicator.title' } },
  { path: '/departments', name: 'departments', component: () => import('./features/departments/components/DepartmentsView.vue'), meta: { section: 'departments', titleKey: 'department.title', yearRange: true } },
  { path: '/departments/:id', name: 'department', component: () => import('./features/departments/components/DepartmentView.vue'), meta: { section: 'departments', titleKey: 'department.title' } },
  { path: '/compare', name: 'compare', component: () => import('./features/compare/components/CompareView.vue'), meta: { section: 'compare', titleKey: 'compare.title' } },
  { path: '/cities', name: 'cities', component: () => import('./features/comparison/components/CityComparisonView.vue'), meta: { section: 'cities', titleKey: 'comparison.title', bare: true } },
  { path: '/evaluations', name: 'evaluations', component: () => import('./features/evaluations/components/EvaluationListView.vue'), meta: { section: 'evaluations', titleKey: 'evaluations.title' } },
  { path: '/department-policies', name: 'department-policies', component: () => import('./features/department-policy/components/DepartmentPoliciesView.vue'), meta: { section: 'department-policies', titleKey: 'departmentPolicy.title' } },
  { path: '/costs', name: 'costs', component: () => import('./features/cost/components/CostView.vue'), meta: { section: 'costs', titleKey: 'cost.title' } },
  { path: '/projects/:id', name: 'project', component: () => import('./features/cost/components/ProjectView.vue'), meta: { section: 'costs', titleKey: 'cost.projectTitle' } },
  { path: '/report', name: 'report', component: () => import('./features/report/components/ReportView.vue'), meta: { section: 'report', titleKey: 'report.title' } },
  { path: '/signin', name: 'signin', component: () => import('./features/auth/components/SignInView.vue'), meta: { section: 'signin', titleKey: 'auth.title', bare: true } },
  { path: '/entry/:kind/:id', name: 'entry', component: () => import('./features/evaluation-entry/components/EvaluationEntryView.vue'), meta: { section: 'entry', titleKey: 'entry.title' } },
  { path: '/audit', name: 'audit', component: () => import('./features/audit/components/AuditLogView.vue'), meta: { section: 'audit', titleKey: 'audit.title', bare: true } },
  { path: '/import', name: 'import', component: () => import('./features/import/components/ImportView.vue'), meta: { section: 'import', titleKey: 'import.title', bare: true } },
  { path: '/progress', name: 'progress', component: () => import('./features/evaluation-entry/components/ProgressView.vue'), meta: { section: 'entry', titleKey: 'entry.progress.title' } },
  { path: '/admin/users', name: 'users', component: () => import('./features/users/components/UsersAdminView.vue'), meta: { section: 'users', titleKey: 'users.title', bare: true } },
  { path: '/account', name: 'account', component: () => import('./features/users/components/AccountView.vue'), meta: { section: 'account', titleKey: 'account.title', bare: true } },
  { path: '/:pathMatch(.*)*', redirect: '/' },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  // A new view starts at the top; a change of filters on the same view stays where it is (and
  // filling in the default city and year at start-up forces no layout).
  scrollBehavior: (to, from, saved) => saved ?? (to.path === from.path ? false : { top: 0 }),
});

// Move focus to the main region when the view changes so screen readers announce it (not
// within a view, e.g. choosing a node in the tree keeps the focus in the tree).
router.afterEach((to, from) => {
  if (to.meta.section !== from.meta.section && from.matched.length) {
    requestAnimationFrame(() => document.getElementById('main')?.focus({ preventScroll: true }));
  }
});
