import { ActionIcon, Anchor, Indicator, Popover, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fetchInbox, notificationKeys } from './api';
import { NotificationList } from './NotificationList';
import './messages';

function BellIcon() {
  return (
    <svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/** The header's bell: the unread count, and a popover with the latest notifications. */
export function NotificationBell() {
  const { t } = useTranslation('notifications');
  const [opened, setOpened] = useState(false);
  const inbox = useQuery({ queryKey: notificationKeys.list({ limit: 10 }), queryFn: () => fetchInbox({ limit: 10 }), refetchInterval: 30_000 });
  const unread = inbox.data?.unread ?? 0;
  return (
    <Popover opened={opened} onChange={setOpened} width={380} position="bottom-end" shadow="md" trapFocus returnFocus withinPortal>
      <Indicator label={unread > 99 ? '99+' : unread} size={16} disabled={!unread} color="red" offset={4}>
        <Popover.Target>
          <ActionIcon variant="default" size="lg" aria-label={unread ? t('bellUnread', { count: unread }) : t('bell')} onClick={() => setOpened((o) => !o)}>
            <BellIcon />
          </ActionIcon>
        </Popover.Target>
      </Indicator>
      <Popover.Dropdown aria-label={t('title')}>
        <Stack gap="xs">
          <Title order={2} size="h5">
            {t('title')}
          </Title>
          <Text size="xs" role="status">
            {t('unreadCount', { count: unread })}
          </Text>
          <ErrorAlert error={inbox.error} />
          {inbox.data && <NotificationList items={inbox.data.items} />}
          <Anchor component={Link} to="/notifications" size="sm" onClick={() => setOpened(false)}>
            {t('seeAll')}
          </Anchor>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
