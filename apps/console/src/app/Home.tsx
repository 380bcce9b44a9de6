import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../lib/auth';

/** The landing page: who I am and where to go (the navigation lists what my roles may do). */
export function Home() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <Stack>
      <Title order={2}>{t('appName')}</Title>
      <Text>{t('tagline')}</Text>
      {session && (
        <Text>
          {session.user.name} · {session.user.roles.join(', ')} · {session.user.unitId}
        </Text>
      )}
    </Stack>
  );
}
