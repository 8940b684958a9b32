import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, fireEvent } from '@testing-library/react';
import { mockIPC } from '@tauri-apps/api/mocks';
import type { CandidateRow, SearchArgs, SearchOptions } from '../backend';
import { BackendError } from '../backend';
import { EMPTY_FILTER, FilterPanel } from '../components/FilterPanel';
import { ResultsTable, PAGE } from '../components/ResultsTable';
import { ErrorAlert } from '../components/ErrorAlert';

const OPTIONS: SearchOptions = {
  branches: [
    { code: 'FI01', label: 'FI01 – Firenze' },
    { code: 'PO01', label: 'PO01 – Prato' },
  ],
  statuses: [{ code: 'disoccupato', label: 'Disoccupato' }],
  education_levels: [
    { code: '20', label: 'Licenza media' },
    { code: '40', label: 'Maturità' },
  ],
  sort_keys: [{ code: 'surname', label: 'Cognome' }],
  export_columns: [],
};

function row(i: number): CandidateRow {
  return {
    codice_fiscale: `CF${String(i).padStart(14, '0')}`,
    surname: `Cognome${i}`,
    name: `Nome${i}`,
    sex: 'F',
    birth_date: '1990-01-02',
    age: 36,
    branch: 'FI01',
    comune: 'Firenze',
    provincia: 'FI',
    status: 'disoccupato',
    status_label: 'Disoccupato',
    education: 'Maturità',
    unemployment_months: 7,
    did_date: '2025-03-04',
    mobile: null,
    email: null,
    updated_at: '2026-11-20T10:00:00Z',
  };
}

describe('FilterPanel', () => {
  it('turns the form into a typed filter with every field it was given', () => {
    const onSearch = vi.fn();
    render(<FilterPanel options={OPTIONS} value={EMPTY_FILTER} onSearch={onSearch} />);
    fireEvent.change(screen.getByLabelText('Età minima'), { target: { value: '25' } });
    fireEvent.change(screen.getByLabelText('Età massima'), { target: { value: '45' } });
    fireEvent.change(screen.getByLabelText(/Parole chiave/), { target: { value: 'magazziniere' } });
    fireEvent.change(screen.getByLabelText('Titolo di studio minimo'), { target: { value: '40' } });
    fireEvent.change(screen.getByLabelText(/Patenti/), { target: { value: 'B, C ,' } });
    fireEvent.change(screen.getByLabelText(/Beneficiario/), { target: { value: 'true' } });
    fireEvent.click(screen.getByLabelText('PO01 – Prato'));
    fireEvent.click(screen.getByRole('button', { name: 'Cerca' }));
    expect(onSearch).toHaveBeenCalledTimes(1);
    expect(onSearch.mock.calls[0][0]).toEqual({
      ...EMPTY_FILTER,
      age_min: 25,
      age_max: 45,
      keywords: 'magazziniere',
      education_min: '40',
      driving_licences: ['B', 'C'],
      income_support: true,
      branches: ['PO01'],
    });
  });

  it('has a label for every input', () => {
    render(<FilterPanel options={OPTIONS} value={EMPTY_FILTER} onSearch={() => {}} />);
    const inputs = document.querySelectorAll('#filters input, #filters select');
    expect(inputs.length).toBeGreaterThan(15);
    inputs.forEach((el) => {
      expect(document.querySelector(`label[for="${el.id}"]`), el.id).not.toBeNull();
    });
  });

  it('reset clears the filters and searches everyone', () => {
    const onSearch = vi.fn();
    render(<FilterPanel options={OPTIONS} value={{ ...EMPTY_FILTER, age_min: 30 }} onSearch={onSearch} />);
    fireEvent.click(screen.getByRole('button', { name: 'Azzera filtri' }));
    expect(onSearch).toHaveBeenCalledWith(EMPTY_FILTER);
    expect((screen.getByLabelText('Età minima') as HTMLInputElement).value).toBe('');
  });
});

describe('ResultsTable', () => {
  it('shows the total, fetches pages on demand and sorts by header click', async () => {
    const TOTAL = 1_000_000;
    const calls: SearchArgs[] = [];
    mockIPC((cmd, payload) => {
      if (cmd !== 'search_candidates') throw new Error(`unexpected ${cmd}`);
      const args = (payload as { args: SearchArgs }).args;
      calls.push(args);
      const rows = Array.from({ length: Math.min(args.limit, TOTAL - args.offset) }, (_, i) => row(args.offset + i));
      return { total: TOTAL, offset: args.offset, limit: args.limit, sort: args.sort, sort_description: 'Cognome, crescente', rows };
    });
    const onSortChange = vi.fn();
    render(
      <ResultsTable filter={EMPTY_FILTER} sort="surname" onSortChange={onSortChange} onOpen={() => {}} />,
    );
    await waitFor(() => expect(screen.getByText('1.000.000 candidati trovati')).toBeInTheDocument());
    expect(calls[0]).toMatchObject({ offset: 0, limit: PAGE, sort: 'surname' });
    await waitFor(() => expect(screen.getByText('Cognome0')).toBeInTheDocument());
    // Only what is on screen (plus overscan) is rendered, not a million rows.
    expect(document.querySelectorAll('.results-data').length).toBeLessThan(100);
    expect(calls.every((c) => c.offset < PAGE * 2)).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: /Cognome/ }));
    expect(onSortChange).toHaveBeenCalledWith('surname:desc');
    fireEvent.click(screen.getByRole('button', { name: /Età/ }));
    expect(onSortChange).toHaveBeenCalledWith('age');
  });

  it('hides a column chosen in the column chooser', async () => {
    mockIPC(() => ({ total: 1, offset: 0, limit: PAGE, sort: 'surname', sort_description: 'Cognome, crescente', rows: [row(1)] }));
    render(<ResultsTable filter={EMPTY_FILTER} sort="surname" onSortChange={() => {}} onOpen={() => {}} />);
    await waitFor(() => expect(screen.getByText('CF00000000000001')).toBeInTheDocument());
    fireEvent.click(screen.getByLabelText('Codice fiscale'));
    await waitFor(() => expect(screen.queryByText('CF00000000000001')).toBeNull());
  });

  it('shows the backend error when the search fails', async () => {
    mockIPC(() => {
      throw { code: 'input_non_valido', message: "l'età minima (50) supera l'età massima (20)" };
    });
    render(<ResultsTable filter={EMPTY_FILTER} sort="surname" onSortChange={() => {}} onOpen={() => {}} />);
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent("l'età minima (50) supera l'età massima (20)"));
    expect(screen.getByRole('alert')).toHaveAttribute('data-code', 'input_non_valido');
  });
});

describe('ErrorAlert', () => {
  it('explains the codes the UI knows in its own words', () => {
    render(<ErrorAlert error={new BackendError('password_errata', 'password errata')} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Password errata. Controlla maiuscole e minuscole');
  });

  it("keeps the central server's own code apart from the message", async () => {
    mockIPC(() => {
      throw {
        code: 'rifiutato_dal_server',
        message: 'il server ha rifiutato la richiesta: la filiale non è nel tuo ambito',
        server_code: 'fuori_ambito',
      };
    });
    const { backend } = await import('../backend');
    const error = await backend.searchOptions().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).serverCode).toBe('fuori_ambito');
    render(<ErrorAlert error={error} />);
    expect(screen.getByRole('alert')).toHaveAttribute('data-server-code', 'fuori_ambito');
    expect(screen.getByRole('alert')).toHaveTextContent('non è nel tuo ambito');
  });

  it('shows the backend message for other codes and nothing without an error', () => {
    const { container, rerender } = render(<ErrorAlert error={null} />);
    expect(container).toBeEmptyDOMElement();
    rerender(<ErrorAlert error={new BackendError('file_esistente', 'il file x.xlsx esiste già')} />);
    expect(screen.getByRole('alert')).toHaveTextContent('il file x.xlsx esiste già');
  });
});
