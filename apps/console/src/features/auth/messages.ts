import { registerCatalogue } from '../../lib/i18n';

registerCatalogue('auth', {
  vi: {
    title: 'Đăng nhập',
    devNotice: 'Chế độ phát triển: đăng nhập với tư cách bất kỳ người dùng nào, không cần mật khẩu. Không dùng trong vận hành thật.',
    signInAs: 'Đăng nhập với tư cách',
    userId: 'Mã người dùng',
    oidc: 'Đăng nhập qua cổng định danh',
    noMethod: 'Máy chủ chưa cấu hình cách đăng nhập nào cho trình duyệt.',
  },
  en: {
    title: 'Sign in',
    devNotice: 'Development mode: sign in as any user, without a password. Never in production.',
    signInAs: 'Sign in as',
    userId: 'User id',
    oidc: 'Sign in with the identity provider',
    noMethod: 'The server has no browser sign-in configured.',
  },
});
