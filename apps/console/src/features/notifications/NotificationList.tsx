import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormat } from '../../lib/prefs';
import { markRead, notificationKeys, type InboxItem } from './api';
import './messages';

/** The words of one notification: its title, else its kind in the viewer's language. */
export function useNotificationTitle() {
  const { t, i18n } = useTranslation('notifications');
  return (item: InboxItem) => item.title ?? (i18n.exists(`notifications:kind.${item.kind}`) ? t(`kind.${item.kind}`) : t('unknownKind', { kind: item.kind }));
}

/** Notifications with read / unread and a "mark as read" button per unread one. */
export function NotificationList({ items }: { items: InboxItem[] }) {
  const { t } = useTranslation('notifications');
  const fmt = useFormat();
  const title = useNotificationTitle();
  const client = useQueryClient();
  const mark = useMutation({ mutationFn: markRead, onSuccess: () => client.invalidateQueries({ queryKey: notificationKeys.all }) });
  if (!items.length) return <Text size="sm">{t('empty')}</Text>;
  return (
    <Stack gap="xs">
      <ErrorAlert error={mark.error} />
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {items.map((item) => (
          <li key={item.id} style={{ padding: '6px 0', borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Stack gap={2}>
                <Text size="sm" fw={item.read ? 400 : 700}>
                  {title(item)}
                </Text>
                <Text size="xs" c="dimmed">
                  <time dateTime={item.occurredAt}>{fmt.dateTime(item.occurredAt)}</time>
                  {item.initiativeId ? ` · ${t('initiative', { id: item.initiativeId })}` : ''}
                </Text>
              </Stack>
              <Group gap={4} wrap="nowrap">
                <Badge size="sm" variant={item.read ? 'outline' : 'light'} color={item.read ? 'gray' : 'teal'}>
                  {item.read ? t('read') : t('unread')}
                </Badge>
                {!item.read && (
                  <Button size="compact-xs" variant="default" aria-label={t('markReadOf', { title: title(item) })} loading={mark.isPending && mark.variables === item.id} onClick={() => mark.mutate(item.id)}>
                    {t('markRead')}
                  </Button>
                )}
              </Group>
            </Group>
          </li>
        ))}
      </ul>
    </Stack>
  );
}
