import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Length, Matches, Max, Min } from 'class-validator';
import type { RequestMeta } from '@laurel/application';
import { LaurelConfig } from '@laurel/infra';
import { LOCALES, type InboxItem, type Locale, type NotificationPreferences } from '@laurel/notifications';
import { Meta } from '../http/request-meta.decorator';
import { ProblemException } from '../http/problem-details';
import { CURSOR_SYNTAX, SEQ_CURSOR } from '../http/pagination';
import { NestedObject } from '../http/request-validation';
import { NotificationStores } from './notification-stores';
import { CommandResponses, QueryResponses } from '../http/openapi';
import { InboxPage, MarkReadResult } from './views.dto';
import { Idempotent } from '../http/idempotency.interceptor';

export class InboxQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, description: 'Page size (default 50)', example: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ type: String, description: 'The nextCursor of the previous page' })
  @IsOptional() @Matches(CURSOR_SYNTAX, { message: 'cursor must be a nextCursor from a previous page' }) cursor?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: only unread notifications', example: 'true' })
  @IsOptional() @IsIn(['true', 'false']) unread?: string;
}

export class ChannelChoices {
  @ApiProperty({ type: Boolean, description: 'In-app notifications (the inbox)', example: true })
  @IsBoolean() in_app!: boolean;
  @ApiProperty({ type: Boolean, description: "E-mail to the user's registered address", example: true })
  @IsBoolean() email!: boolean;
  @ApiProperty({ type: Boolean, description: 'POST to webhookUrl, signed (Standard Webhooks) with webhookSecret or the deployment\'s secret', example: false })
  @IsBoolean() webhook!: boolean;
}

export class PreferencesBody {
  @ApiProperty({ enum: LOCALES, description: 'Language of the notifications', example: 'vi' })
  @IsIn(LOCALES) locale!: Locale;
  @ApiProperty({ type: () => ChannelChoices, description: 'Which channels are on' })
  @NestedObject(() => ChannelChoices) channels!: ChannelChoices;
  @ApiPropertyOptional({ type: String, format: 'uri', description: 'https URL of the webhook (http only in embedded mode); required when the webhook channel is on', example: 'https://hooks.example.vn/laurel' })
  @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }) webhookUrl?: string;
  /** Signs webhooks (Standard Webhooks, this string as the raw key, or `whsec_<base64>`); write-only. Omit to keep the current one. */
  @ApiPropertyOptional({ type: String, writeOnly: true, minLength: 16, description: 'Signs webhooks (Standard Webhooks; the raw key, or whsec_<base64>), 16 to 200 characters; write-only. Omit to keep the current one' })
  @IsOptional() @IsString() @Length(16, 200) webhookSecret?: string;
}

export class NotificationPreferencesView {
  @ApiProperty({ enum: LOCALES }) locale!: string;
  @ApiProperty({ type: () => ChannelChoices }) channels!: ChannelChoices;
  @ApiProperty({ type: String, nullable: true, format: 'uri' }) webhookUrl!: string | null;
  @ApiProperty({ type: Boolean, description: 'Whether a webhook signing secret is set (the secret is never answered)' }) webhookSecretSet!: boolean;
}

const view = (p: NotificationPreferences) => ({ locale: p.locale, channels: p.channels, webhookUrl: p.webhookUrl, webhookSecretSet: p.webhookSecret !== null });

/** The signed-in user's in-app notifications and how they want to be notified. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me')
export class MyNotificationsController {
  constructor(
    private readonly stores: NotificationStores,
    private readonly config: LaurelConfig,
  ) {}

  @Get('notifications')
  @ApiOperation({ summary: 'In-app notifications, newest first, with read/unread' })
  @QueryResponses(InboxPage)
  async list(@Query() query: InboxQuery, @Meta() meta: RequestMeta): Promise<{ items: InboxItem[]; nextCursor: string | null; unread: number }> {
    const limit = query.limit ?? 50;
    const userId = meta.actor.userId;
    const before = query.cursor === undefined ? undefined : SEQ_CURSOR.decode(query.cursor)[0];
    const [items, unread] = await Promise.all([this.stores.inbox.list(userId, limit + 1, before, query.unread === 'true'), this.stores.inbox.unread(userId)]);
    const page = items.slice(0, limit);
    return { items: page, nextCursor: items.length > limit ? SEQ_CURSOR.encode([page[page.length - 1].seq]) : null, unread };
  }

  @Idempotent()
  @Post('notifications/:id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one notification read' })
  @CommandResponses(MarkReadResult, { without: [403, 409, 413, 422] })
  async markRead(@Param('id') id: string, @Meta() meta: RequestMeta): Promise<{ id: string; read: true }> {
    if (!(await this.stores.inbox.markRead(meta.actor.userId, id))) throw new ProblemException(404, 'NOT_FOUND', `No notification ${id}`);
    return { id, read: true };
  }

  @Get('notification-preferences')
  @ApiOperation({ summary: 'Channels (in-app, e-mail, webhook) and language of notifications' })
  @QueryResponses(NotificationPreferencesView, { without: [400] })
  async preferences(@Meta() meta: RequestMeta) {
    return view(await this.stores.preferences.get(meta.actor.userId));
  }

  @Put('notification-preferences')
  @ApiOperation({ summary: 'Choose channels and language; a webhook needs a URL' })
  @CommandResponses(NotificationPreferencesView, { without: [403, 404, 409, 422], description: "The preferences as saved" })
  async choose(@Body() body: PreferencesBody, @Meta() meta: RequestMeta) {
    if (body.channels.webhook && !body.webhookUrl) {
      throw new ProblemException(400, 'VALIDATION_FAILED', 'webhookUrl is required when the webhook channel is on');
    }
    const current = await this.stores.preferences.get(meta.actor.userId);
    // Refused here what the worker would refuse to deliver (docs/notifications.md, "Webhooks").
    if (body.channels.webhook && !this.config.LAUREL_EMBEDDED && !/^https:/i.test(body.webhookUrl ?? '')) {
      throw new ProblemException(400, 'VALIDATION_FAILED', 'webhookUrl must use https (plain http only in embedded mode)');
    }
    if (body.channels.webhook && !(body.webhookSecret ?? current.webhookSecret) && !this.config.WEBHOOK_SIGNING_SECRET) {
      throw new ProblemException(400, 'VALIDATION_FAILED', 'webhookSecret is required: webhooks are always signed, and this deployment has no WEBHOOK_SIGNING_SECRET');
    }
    const saved = await this.stores.preferences.put(meta.actor.userId, {
      locale: body.locale,
      channels: { in_app: body.channels.in_app, email: body.channels.email, webhook: body.channels.webhook },
      webhookUrl: body.webhookUrl ?? null,
      webhookSecret: body.webhookSecret ?? current.webhookSecret,
    });
    return view(saved);
  }
}
