import { MantineProvider, createTheme, darken, defaultVariantColorsResolver, parseThemeColor, type CSSVariablesResolver, type VariantColorsResolver } from '@mantine/core';
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

// WCAG AA contrast (axe): white on the filled primary colour ≥ 4.5:1 (teal 9, not Mantine's default 6),
// and "dimmed" text a darker grey than Mantine's gray.6 (3.3:1 on white).
// Light variants (badges, alerts, light buttons) get their text darkened for the same reason.
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  if (input.variant !== 'light') return colors;
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  const scale = parsed.isThemeColor ? input.theme.colors[parsed.color] : undefined;
  return scale?.[9] ? { ...colors, color: darken(scale[9], 0.35) } : colors;
};

const theme = createTheme({ primaryColor: 'teal', primaryShade: { light: 9, dark: 7 }, defaultRadius: 'sm', variantColorResolver });

const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { '--mantine-color-dimmed': t.colors.gray[7] ?? '#495057' },
  dark: {},
});

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
