/**
 * The words of notifications and e-mails, in Japanese (the city's staff read them): a title, a
 * body and the link to the item.
 */
import { fiscalYearLabel } from '../shared/fiscal-year.js';

const STAGE: Record<string, string> = { self: '一次評価', secondary: '二次評価', external: '外部評価', council: '政策会議' };
export const stageLabel = (stage: string): string => STAGE[stage] ?? '評価';

/** What happened to an evaluation, as `notification_event.kind` and `notification.kind`. */
export type StepKind = 'submitted' | 'returned' | 'accepted';
export type NotificationKind = StepKind | 'deadline_near' | 'deadline_passed';

export interface StepFacts {
  subjectName: string;
  fiscalYear: number;
  stage: string;
  actorName: string;
  comment: string | null;
}

export function stepMessage(kind: StepKind, f: StepFacts): { title: string; body: string } {
  const what = `${f.subjectName}（${fiscalYearLabel(f.fiscalYear)} ${stageLabel(f.stage)}）`;
  if (kind === 'submitted') return { title: `【提出】${what}`, body: `${f.actorName}さんが評価を提出しました。確認をお願いします。` };
  if (kind === 'accepted') return { title: `【承認】${what}`, body: `${f.actorName}さんが評価を承認しました。` };
  return { title: `【差戻し】${what}`, body: `${f.actorName}さんが評価を差し戻しました。\n差戻しの理由: ${f.comment ?? '（なし）'}\n修正して、もう一度提出してください。` };
}

export interface DeadlineFacts {
  fiscalYear: number;
  stage: string;
  deadline: string;
  daysLeft: number;
  outstanding: number;
}

const ERA_DATE = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
/** "2031-07-10" → "令和13年7月10日" (dates in Japanese carry the era, as the dashboard prints them). */
export const dateJa = (d: string): string => {
  const t = new Date(`${d}T00:00:00Z`);
  return Number.isNaN(t.getTime()) ? d : ERA_DATE.format(t);
};

export function deadlineMessage(kind: 'deadline_near' | 'deadline_passed', f: DeadlineFacts): { title: string; body: string } {
  const cycle = `${fiscalYearLabel(f.fiscalYear)} ${stageLabel(f.stage)}`;
  if (kind === 'deadline_passed')
    return {
      title: `【期限超過】${cycle}の提出期限（${dateJa(f.deadline)}）を過ぎました`,
      body: `未提出の評価が${f.outstanding}件あります。至急提出してください。`,
    };
  return {
    title: `【期限まで${f.daysLeft}日】${cycle}の提出期限は${dateJa(f.deadline)}です`,
    body: `未提出の評価が${f.outstanding}件あります。期限までに提出してください。`,
  };
}

/** The e-mail for a notification: its title as subject, its body and the link. */
export function mailText(title: string, body: string, url: string | null): { subject: string; text: string } {
  return {
    subject: title,
    text: `${body}\n${url ? `\n開く: ${url}\n` : ''}\n──\n総合計画 進行管理システムからの自動送信です。`,
  };
}
