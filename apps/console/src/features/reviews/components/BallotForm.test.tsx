import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { BallotForm } from './BallotForm';
import { renderIn } from './render.test-utils';

const review = (secretBallot: boolean, youVoted = false) => ({
  secretBallot,
  youVoted,
  status: 'open' as const,
  panel: ['m1', 'm2', 'm3', 'm4'],
  recusals: [{ memberId: 'm4', reason: 'automatic:nominating_unit' as const }],
});

describe('BallotForm', () => {
  it('a secret review tells the member, before they vote, that only the tally is revealed and what a unanimous tally shows', async () => {
    await renderIn('en', <BallotForm review={review(true)} me="m1" onCast={() => {}} />);
    const notice = screen.getByRole('note');
    expect(notice).toHaveTextContent('This is a secret ballot');
    expect(notice).toHaveTextContent('only the tally is revealed');
    expect(notice).toHaveTextContent('with 3 eligible members, a unanimous result still shows how each of them voted');
  });

  it('an open review shows no secrecy notice', async () => {
    await renderIn('en', <BallotForm review={review(false)} me="m1" onCast={() => {}} />);
    expect(screen.queryByRole('note')).not.toBeInTheDocument();
  });

  it('the notice is in Vietnamese too', async () => {
    await renderIn('vi', <BallotForm review={review(true)} me="m1" onCast={() => {}} />);
    expect(screen.getByRole('note')).toHaveTextContent('Đây là cuộc bỏ phiếu kín');
  });

  it('casts the chosen option, and asks for one first', async () => {
    const onCast = vi.fn();
    await renderIn('en', <BallotForm review={review(false)} me="m1" onCast={onCast} />);
    await userEvent.click(screen.getByRole('button', { name: 'Cast ballot' }));
    expect(onCast).not.toHaveBeenCalled();
    expect(screen.getByText('Choose one option.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: 'Abstain' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cast ballot' }));
    expect(onCast).toHaveBeenCalledWith('abstain');
  });

  it('after a secret vote it says only that the member voted', async () => {
    await renderIn('en', <BallotForm review={review(true, true)} me="m1" onCast={() => {}} />);
    expect(screen.getByRole('status')).toHaveTextContent('records only that you voted');
    expect(screen.queryByRole('button', { name: 'Cast ballot' })).not.toBeInTheDocument();
  });
});
