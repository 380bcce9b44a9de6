import { MantineProvider, createTheme } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Suspense } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { createBrowserRouter, RouterProvider, type RouteObject } from 'react-router';
import { ApiError } from '../lib/api';
import { i18next } from '../lib/i18n';
import '../lib/messages';
import { features } from './features';
import { Home } from './Home';
import { Layout } from './Layout';

const theme = createTheme({ primaryColor: 'teal', defaultRadius: 'sm' });

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // 4xx answers are final (a retry gets the same answer); network failures and 5xx retry twice.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      staleTime: 5_000,
      refetchOnWindowFocus: false,
    },
  },
});

function NotFound() {
  const { t } = useTranslation();
  return <p>{t('notFound')}</p>;
}

function Loading() {
  const { t } = useTranslation();
  return <p role="status">{t('loading')}</p>;
}

export function buildRoutes(): RouteObject[] {
  return [
    {
      element: <Layout nav={features.flatMap((f) => f.nav)} />,
      children: [{ index: true, element: <Home /> }, ...features.flatMap((f) => f.routes), { path: '*', element: <NotFound /> }],
    },
  ];
}

const router = createBrowserRouter(buildRoutes());

export function App() {
  return (
    <I18nextProvider i18n={i18next}>
      <MantineProvider theme={theme}>
        <QueryClientProvider client={queryClient}>
          <Suspense fallback={<Loading />}>
            <RouterProvider router={router} />
          </Suspense>
        </QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>
  );
}
