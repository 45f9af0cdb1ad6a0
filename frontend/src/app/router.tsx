import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';

import { RouteError } from '@/components/errors/route-error';
import { PageLoader } from '@/components/ui/page-loader';

// Each page is its own chunk; the module's named export becomes the route component.
export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    hydrateFallbackElement: <PageLoader />,
    children: [
      { index: true, element: <Navigate to="/datasets" replace /> },
      {
        path: 'login',
        lazy: () => import('./routes/login').then((m) => ({ Component: m.LoginRoute })),
      },
      {
        path: 'register',
        lazy: () => import('./routes/register').then((m) => ({ Component: m.RegisterRoute })),
      },
      {
        lazy: () => import('./routes/app-layout').then((m) => ({ Component: m.AppLayoutRoute })),
        children: [
          {
            path: 'datasets',
            lazy: () => import('./routes/datasets').then((m) => ({ Component: m.DatasetsRoute })),
          },
          {
            path: 'datasets/:datasetId',
            lazy: () =>
              import('./routes/dataset-detail').then((m) => ({ Component: m.DatasetDetailRoute })),
          },
          {
            path: 'datasets/:datasetId/train',
            lazy: () =>
              import('./routes/training-new').then((m) => ({ Component: m.TrainingNewRoute })),
          },
          {
            path: 'training',
            lazy: () => import('./routes/training').then((m) => ({ Component: m.TrainingRoute })),
          },
          {
            path: 'training/new',
            lazy: () =>
              import('./routes/training-new').then((m) => ({ Component: m.TrainingNewRoute })),
          },
          {
            path: 'training/:jobId',
            lazy: () =>
              import('./routes/training-job').then((m) => ({ Component: m.TrainingJobRoute })),
          },
          {
            path: 'models',
            lazy: () => import('./routes/models').then((m) => ({ Component: m.ModelsRoute })),
          },
          {
            path: 'models/:modelId',
            lazy: () => import('./routes/model').then((m) => ({ Component: m.ModelRoute })),
          },
          {
            path: 'models/:modelId/versions/:version',
            lazy: () =>
              import('./routes/model-version').then((m) => ({ Component: m.ModelVersionRoute })),
          },
          {
            path: 'settings/tokens',
            lazy: () =>
              import('./routes/settings-tokens').then((m) => ({
                Component: m.SettingsTokensRoute,
              })),
          },
        ],
      },
      {
        path: '*',
        lazy: () => import('./routes/not-found').then((m) => ({ Component: m.NotFoundRoute })),
      },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
