import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DecisionForm } from './DecisionForm';
import { renderIn } from './render.test-utils';

describe('DecisionForm', () => {
  it('a grant needs a decision number and a signer before anything is sent', async () => {
    const onDecide = vi.fn();
    await renderIn('en', <DecisionForm nominatedForm="certificate_of_merit" onDecide={onDecide} />);
    await userEvent.click(screen.getByRole('radio', { name: 'Grant the award' }));
    await userEvent.click(screen.getByRole('button', { name: 'Record the decision' }));
    expect(onDecide).not.toHaveBeenCalled();
    expect(screen.getAllByText('Required.')).toHaveLength(2);
    fireEvent.change(screen.getByLabelText(/Decision number/), { target: { value: '45/QĐ-UBND' } });
    fireEvent.change(screen.getByLabelText(/Signed by/), { target: { value: 'Chairman' } });
    fireEvent.change(screen.getByLabelText(/Date of the decision/), { target: { value: '2026-12-01' } });
    await userEvent.click(screen.getByRole('button', { name: 'Record the decision' }));
    expect(onDecide).toHaveBeenCalledWith({ outcome: 'granted', decisionNo: '45/QĐ-UBND', signedBy: 'Chairman', decidedOn: '2026-12-01' });
  });

  it('a refusal can be recorded with its grounds, in Vietnamese', async () => {
    const onDecide = vi.fn();
    await renderIn('vi', <DecisionForm nominatedForm={null} onDecide={onDecide} />);
    await userEvent.click(screen.getByRole('radio', { name: 'Không khen thưởng' }));
    fireEvent.change(screen.getByLabelText('Căn cứ / lý do'), { target: { value: 'Chưa được nhân rộng' } });
    await userEvent.click(screen.getByRole('button', { name: 'Ghi nhận quyết định' }));
    expect(onDecide).toHaveBeenCalledWith({ outcome: 'declined', reason: 'Chưa được nhân rộng' });
  });
});
