import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { PadView } from '../backend';
import { ConfigurazionePad } from '../screens/ConfigurazionePad';
import { backendMock } from './backendMock';

const f = (code: string, selezionabile: boolean, modifica = '') => ({ code, nome: `Filiale ${code}`, sede: 'Firenze (FI)', selezionabile, modifica });
const VIEW: PadView = { filiali: [f('FI01', true), f('PO01', true)], province_scoperte: [], modificabile: true, in_linea: true };

describe('Configurazione APL', () => {
  it('disables every branch at once, saves only the changes and shows the warning', async () => {
    const calls = backendMock((cmd, args) => {
      switch (cmd) {
        case 'configurazione_pad': return VIEW;
        case 'configurazione_pad_salva': {
          const scelte = (args as { scelte: { code: string; selezionabile: boolean }[] }).scelte;
          return { ...VIEW, filiali: VIEW.filiali.map((x) => ({ ...f(x.code, !scelte.some((s) => s.code === x.code)), modifica: '06/12/2026 10:00, super' })), province_scoperte: ['FI'] };
        }
        default: throw new Error(`unexpected ${cmd}`);
      }
    });
    render(<ConfigurazionePad />);
    expect(await screen.findByText('FI01 — Filiale FI01')).toBeInTheDocument();
    const save = screen.getByRole('button', { name: 'Salva' });
    expect(save).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Disabilita tutte' }));
    fireEvent.click(screen.getByRole('button', { name: 'Salva 2 modifiche' }));
    expect(await screen.findByText(/2 modifiche salvate/)).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'configurazione_pad_salva')?.args).toEqual({
      scelte: [{ code: 'FI01', selezionabile: false }, { code: 'PO01', selezionabile: false }],
    });
    expect(screen.getByRole('alert')).toHaveTextContent('nessuna filiale selezionabile nelle province dove vivono cittadini dell’agenzia: FI');
    await waitFor(() => expect(screen.getAllByText('06/12/2026 10:00, super')).toHaveLength(2));
  });

  it('shows an operatore the choice, read-only, as the last sync brought it', async () => {
    backendMock((cmd) => {
      if (cmd === 'configurazione_pad') return { ...VIEW, filiali: [f('FI01', false)], modificabile: false, in_linea: false };
      throw new Error(`unexpected ${cmd}`);
    });
    render(<ConfigurazionePad />);
    expect(await screen.findByText('Non selezionabile')).toBeInTheDocument();
    expect(screen.getByText('Dati dell’ultima sincronizzazione.')).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
  });
});
