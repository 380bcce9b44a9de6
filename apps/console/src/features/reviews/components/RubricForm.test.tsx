import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { RubricForm } from './RubricForm';
import { renderIn } from './render.test-utils';

const rubric = [
  { criterion: 'novelty', label: 'Novelty and creativity', weight: 3, max: 10 },
  { criterion: 'effectiveness', label: 'Effectiveness', weight: 4, max: 10 },
  { criterion: 'scope', label: 'Scope of influence', weight: 3, max: 5 },
];

describe('RubricForm', () => {
  it("is built from the definition's criteria: a labelled score with its range and weight, and a comment, per criterion", async () => {
    await renderIn('en', <RubricForm rubric={rubric} onSubmit={() => {}} />);
    expect(screen.getByLabelText(/Novelty and creativity \(0–10, weight 30 %\)/)).toBeInTheDocument();
    expect(screen.getByLabelText(/Effectiveness \(0–10, weight 40 %\)/)).toBeInTheDocument();
    expect(screen.getByLabelText(/Scope of influence \(0–5, weight 30 %\)/)).toBeInTheDocument();
    expect(screen.getByLabelText('Comment on Scope of influence')).toBeInTheDocument();
  });

  it('refuses out-of-range and missing scores in the browser, sending nothing', async () => {
    const onSubmit = vi.fn();
    await renderIn('en', <RubricForm rubric={rubric} onSubmit={onSubmit} />);
    fireEvent.change(screen.getByLabelText(/Novelty and creativity \(/), { target: { value: '11' } });
    fireEvent.change(screen.getByLabelText(/Scope of influence \(/), { target: { value: '-2' } });
    await userEvent.click(screen.getByRole('button', { name: 'Submit scores' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('The score must be between 0 and 10.')).toBeInTheDocument();
    expect(screen.getByText('The score must be between 0 and 5.')).toBeInTheDocument();
    expect(screen.getByText('Enter a score for this criterion.')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('The score sheet has errors');
  });

  it('weighs the scores live and submits numbers with a comment per criterion', async () => {
    const onSubmit = vi.fn();
    await renderIn('en', <RubricForm rubric={rubric} onSubmit={onSubmit} />);
    fireEvent.change(screen.getByLabelText(/Novelty and creativity \(/), { target: { value: '10' } });
    fireEvent.change(screen.getByLabelText(/Effectiveness \(/), { target: { value: '5' } });
    fireEvent.change(screen.getByLabelText(/Scope of influence \(/), { target: { value: '0' } });
    fireEvent.change(screen.getByLabelText('Comment on Novelty and creativity'), { target: { value: 'First in the province' } });
    expect(screen.getByText('Weighted score: 50 / 100')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Submit scores' }));
    expect(onSubmit).toHaveBeenCalledWith({ scores: { novelty: 10, effectiveness: 5, scope: 0 }, comments: { novelty: 'First in the province' } });
  });

  it('speaks Vietnamese by default', async () => {
    await renderIn('vi', <RubricForm rubric={rubric} onSubmit={() => {}} />);
    expect(screen.getByRole('button', { name: 'Gửi điểm' })).toBeInTheDocument();
    expect(screen.getByLabelText(/Effectiveness \(0–10, trọng số 40 %\)/)).toBeInTheDocument();
  });
});
