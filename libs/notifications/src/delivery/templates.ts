import type { Locale, NotificationJob } from '../notification';

type Text = (title: string, p: Record<string, string>) => string;

/** Subject lines per kind, in Vietnamese and English; the body adds the facts the event carries. */
const SUBJECTS: Record<string, Record<Locale, Text>> = {
  review_opened: { vi: (t) => `Mời đánh giá sáng kiến "${t}"`, en: (t) => `You are invited to review "${t}"` },
  dossier_accepted: { vi: (t) => `Hồ sơ "${t}" đã được tiếp nhận`, en: (t) => `The dossier "${t}" was accepted` },
  dossier_returned: { vi: (t) => `Hồ sơ "${t}" bị trả lại`, en: (t) => `The dossier "${t}" was returned` },
  review_closed: { vi: (t) => `Hội đồng đã kết thúc đánh giá "${t}"`, en: (t) => `The council closed its review of "${t}"` },
  consultation_opened: { vi: (t) => `Bắt đầu lấy ý kiến công khai về "${t}"`, en: (t) => `Public consultation opened on "${t}"` },
  objection_filed: { vi: (t) => `Có ý kiến phản ánh về "${t}"`, en: (t) => `An objection was filed on "${t}"` },
  consultation_closed: { vi: (t) => `Kết thúc lấy ý kiến về "${t}"`, en: (t) => `Public consultation closed on "${t}"` },
  award_granted: { vi: (t) => `Quyết định khen thưởng "${t}"`, en: (t) => `Award granted: "${t}"` },
  award_declined: { vi: (t) => `Không khen thưởng "${t}"`, en: (t) => `Award declined: "${t}"` },
  award_revoked: { vi: (t) => `Thu hồi khen thưởng "${t}"`, en: (t) => `Award revoked: "${t}"` },
  initiative_withdrawn: { vi: (t) => `Sáng kiến "${t}" đã được rút`, en: (t) => `"${t}" was withdrawn` },
  review_reminder: { vi: (t) => `Nhắc nhở: bạn chưa bỏ phiếu cho "${t}"`, en: (t) => `Reminder: you have not voted on "${t}"` },
  review_owing: { vi: (t) => `Nhắc nhở của thư ký: bạn còn chưa chấm điểm hoặc bỏ phiếu cho "${t}"`, en: (t) => `The secretary reminds you: your scores or ballot on "${t}" are still due` },
  review_deadline: { vi: (t) => `Hết hạn đánh giá "${t}"`, en: (t) => `The review of "${t}" is due` },
  decision_deadline: { vi: (t) => `Đến hạn ra quyết định về "${t}"`, en: (t) => `A decision on "${t}" is due` },
  self_assessment_deadline: { vi: (t) => `Đến hạn tự đánh giá "${t}"`, en: (t) => `Self-assessment for "${t}" is due` },
};

const LABELS: Record<Locale, Record<string, string>> = {
  vi: { reason: 'Lý do', deadline: 'Hạn', closesAt: 'Kết thúc', outcome: 'Kết quả', decisionNo: 'Số quyết định', awardForm: 'Hình thức', level: 'Cấp', dueAt: 'Hạn' },
  en: { reason: 'Reason', deadline: 'Deadline', closesAt: 'Closes at', outcome: 'Outcome', decisionNo: 'Decision no.', awardForm: 'Award form', level: 'Level', dueAt: 'Due' },
};

const FOOTER: Record<Locale, string> = {
  vi: 'Thư này được gửi tự động từ Laurel. Bạn có thể đổi cách nhận thông báo trong phần cài đặt.',
  en: 'This message was sent by Laurel. You can change how you are notified in your settings.',
};

export interface Rendered {
  subject: string;
  text: string;
}

export function render(job: Pick<NotificationJob, 'kind' | 'title' | 'params' | 'initiativeId'>, locale: Locale): Rendered {
  const title = job.title ?? job.initiativeId ?? '';
  const subject = SUBJECTS[job.kind]?.[locale](title, job.params) ?? `${job.kind}: ${title}`;
  const facts = Object.entries(job.params).map(([k, v]) => `${LABELS[locale][k] ?? k}: ${v}`);
  return { subject, text: [subject, '', ...facts, '', FOOTER[locale]].join('\n') };
}
