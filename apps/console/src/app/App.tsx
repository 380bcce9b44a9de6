import { MantineProvider, createTheme, type CSSVariablesResolver } from '@mantine/core';
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

// Shade 9 of teal, a darker "dimmed" grey and a darker text on light teal (the active navigation entry,
// also when hovered): white on the filled buttons, dimmed text (captions, hints) and light variants meet
// WCAG AA contrast (axe color-contrast), which Mantine's teal 6, grey 6 and teal 9 on teal 1 do not.
const theme = createTheme({ primaryColor: 'teal', primaryShade: 9, defaultRadius: 'sm' });
const cssVariablesResolver: CSSVariablesResolver = () => ({ variables: {}, light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)', '--mantine-color-teal-light-color': '#06694b' }, dark: {} });

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
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
        <QueryClientProvider client={queryClient}>
          <Suspense fallback={<Loading />}>
            <RouterProvider router={router} />
          </Suspense>
        </QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>
  );
}
