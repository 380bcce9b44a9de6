import { Alert, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AppliedRule, FractionRule, Tally } from '../api';

const TALLY_ROWS: (keyof Tally)[] = ['panel', 'recused', 'eligible', 'voted', 'approve', 'reject', 'abstain', 'approvalBase'];

/** The closed review: the outcome, the counts and the rule applied — nothing per member. */
export function TallyView({ outcome, tally, rule }: { outcome: string | null; tally: Tally; rule: AppliedRule | null }) {
  const { t } = useTranslation('secretariat');
  const fraction = (r: FractionRule) => [r.comparison ? t(`comparison_${r.comparison}`, { defaultValue: r.comparison }) : '', r.fraction, t(`base_${r.base}`, { defaultValue: r.base })].filter(Boolean).join(' ');
  return (
    <Stack component="section" aria-labelledby="tally-title">
      <Title order={3} id="tally-title">
        {t('tallyTitle')}
      </Title>
      {outcome && (
        <Alert color={outcome === 'recommended' ? 'teal' : 'orange'} role="status">
          {t('outcome', { outcome: t(`outcome_${outcome}`, { defaultValue: outcome }) })}
        </Alert>
      )}
      <Table>
        <caption>{t('tallyCaption')}</caption>
        <Table.Tbody>
          {TALLY_ROWS.map((row) => (
            <Table.Tr key={row}>
              <Table.Th scope="row">{t(`tally_${row}`)}</Table.Th>
              <Table.Td>{String(tally[row])}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text>{tally.quorumMet ? t('quorumMet') : t('quorumNotMet')}</Text>
      {rule && (
        <>
          <Title order={4}>{t('ruleTitle')}</Title>
          <Text>
            {t('ruleText', {
              definition: rule.definitionId,
              version: rule.definitionVersion,
              quorum: fraction(rule.quorum),
              approval: fraction(rule.approval),
              secrecy: rule.secretBallot ? t('secret') : t('notSecret'),
            })}
          </Text>
        </>
      )}
    </Stack>
  );
}
