import { Checkbox, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CursorPager } from '../../components/CursorPager';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useUrlFilters } from '../../lib/url-state';
import { fetchInbox, notificationKeys } from './api';
import { NotificationList } from './NotificationList';
import './messages';

const KEYS = ['unread', 'cursor'] as const;

/** All my notifications, newest first, paginated; "only unread" kept in the URL. */
export function NotificationsPage() {
  const { t } = useTranslation('notifications');
  const [filters, setFilters] = useUrlFilters(KEYS);
  const filter = { unread: filters.unread === 'true', cursor: filters.cursor || undefined, limit: 50 };
  const inbox = useQuery({ queryKey: notificationKeys.list(filter), queryFn: () => fetchInbox(filter) });
  return (
    <Stack>
      <Title order={2}>{t('title')}</Title>
      <Checkbox label={t('onlyUnread')} checked={filter.unread} onChange={(e) => setFilters({ unread: e.currentTarget.checked ? 'true' : '' })} />
      {inbox.data && (
        <Text size="sm" role="status">
          {t('unreadCount', { count: inbox.data.unread })}
        </Text>
      )}
      <ErrorAlert error={inbox.error} />
      {inbox.data && <NotificationList items={inbox.data.items} />}
      <CursorPager nextCursor={inbox.data?.nextCursor} />
    </Stack>
  );
}
