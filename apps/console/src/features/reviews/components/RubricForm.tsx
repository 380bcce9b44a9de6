import { Button, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RubricCriterion, ScoresBody } from '../api';
import { validateRubric, weightShares, type RubricProblem } from '../rubric';

export interface RubricFormProps {
  rubric: RubricCriterion[];
  onSubmit: (body: ScoresBody) => void;
  submitting?: boolean;
}

function problemText(p: RubricProblem, t: (k: string, o?: Record<string, unknown>) => string): string {
  switch (p.kind) {
    case 'required':
      return t('errRequired');
    case 'notANumber':
      return t('errNotANumber');
    case 'outOfRange':
      return t('errOutOfRange', { min: p.min, max: p.max });
    case 'commentTooLong':
      return t('errCommentTooLong', { max: p.max });
  }
}

/** The score sheet built from the definition's rubric: a score (0..max) and a comment per criterion, weights shown. */
export function RubricForm({ rubric, onSubmit, submitting }: RubricFormProps) {
  const { t } = useTranslation('reviews');
  const [scores, setScores] = useState<Record<string, string>>({});
  const [comments, setComments] = useState<Record<string, string>>({});
  const [comment, setComment] = useState('');
  const [tried, setTried] = useState(false);
  const result = useMemo(() => validateRubric(rubric, { scores, comments }), [rubric, scores, comments]);
  const shares = useMemo(() => weightShares(rubric), [rubric]);
  if (rubric.length === 0) return <Text>{t('noRubric')}</Text>;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="rubric-title">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (!result.valid) return;
          onSubmit({
            scores: result.scores,
            ...(Object.keys(result.comments).length ? { comments: result.comments } : {}),
            ...(comment.trim() ? { comment: comment.trim() } : {}),
          });
        }}
      >
        <Stack>
          <Title order={2} id="rubric-title">
            {t('rubricTitle')}
          </Title>
          <Text size="sm">{t('rubricIntro')}</Text>
          {rubric.map((c) => {
            const label = c.label ?? c.criterion;
            const problem = result.problems[c.criterion];
            const show = tried || (scores[c.criterion] ?? '') !== '';
            const scoreError = show && problem && problem.kind !== 'commentTooLong' ? problemText(problem, t) : undefined;
            const commentError = problem?.kind === 'commentTooLong' ? problemText(problem, t) : undefined;
            return (
              <Stack key={c.criterion} gap={4}>
                <TextInput
                  label={t('criterionLabel', { label, max: c.max, share: shares[c.criterion] })}
                  inputMode="decimal"
                  required
                  value={scores[c.criterion] ?? ''}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setScores((s) => ({ ...s, [c.criterion]: value }));
                  }}
                  error={scoreError}
                />
                <Textarea
                  label={t('criterionComment', { label })}
                  minRows={1}
                  value={comments[c.criterion] ?? ''}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setComments((s) => ({ ...s, [c.criterion]: value }));
                  }}
                  error={commentError}
                />
              </Stack>
            );
          })}
          <Textarea label={t('overallComment')} minRows={2} value={comment} onChange={(e) => setComment(e.currentTarget.value)} maxLength={5000} />
          <Text fw={600} aria-live="polite">
            {result.weighted === null ? t('weightedTotalNone') : t('weightedTotal', { value: result.weighted })}
          </Text>
          {tried && !result.valid && (
            <Text c="red.8" role="alert">
              {t('formInvalid')}
            </Text>
          )}
          <Button type="submit" loading={submitting}>
            {t('submitScores')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
