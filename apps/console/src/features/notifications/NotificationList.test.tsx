import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { i18next } from '../../lib/i18n';
import type { InboxItem } from './api';
import { NotificationList } from './NotificationList';

const item = (over: Partial<InboxItem>): InboxItem => ({
  id: 'n1',
  seq: '1',
  kind: 'dossier_returned',
  initiativeId: 'init-1',
  title: null,
  params: {},
  occurredAt: '2026-12-01T03:00:00.000Z',
  createdAt: '2026-12-01T03:00:00.000Z',
  read: false,
  readAt: null,
  ...over,
});

function renderList(items: InboxItem[]) {
  const client = new QueryClient();
  return render(
    <I18nextProvider i18n={i18next}>
      <MantineProvider>
        <QueryClientProvider client={client}>
          <NotificationList items={items} />
        </QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>,
  );
}

describe('NotificationList', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('names each notification by its kind in Vietnamese, shows read / unread, and offers "mark as read" only for unread ones', () => {
    renderList([item({ id: 'a' }), item({ id: 'b', kind: 'award_granted', read: true, readAt: '2026-12-01T04:00:00.000Z' })]);
    expect(screen.getByText('Hồ sơ bị trả lại')).toBeInTheDocument();
    expect(screen.getByText('Được công nhận')).toBeInTheDocument();
    expect(screen.getByText('Chưa đọc')).toBeInTheDocument();
    expect(screen.getByText('Đã đọc')).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: /^Đánh dấu đã đọc/ })).toHaveLength(1);
  });

  it('marks one read with POST /me/notifications/{id}/read', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ id: 'a', read: true }), { status: 200, headers: { 'content-type': 'application/json' } }));
    vi.stubGlobal('fetch', fetchMock);
    renderList([item({ id: 'a' })]);
    await userEvent.click(screen.getByRole('button', { name: 'Đánh dấu đã đọc: Hồ sơ bị trả lại' }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/me/notifications/a/read');
    expect(init.method).toBe('POST');
  });

  it('says so when there is nothing', () => {
    renderList([]);
    expect(screen.getByText('Không có thông báo nào.')).toBeInTheDocument();
  });
});
