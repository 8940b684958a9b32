import { describe, expect, it as test } from 'vitest';
import { count, it } from '../i18n';

describe('counts in the catalogue', () => {
  test('agree with their number', () => {
    expect(count(1, 'minuto', 'minuti')).toBe('1 minuto');
    expect(count(0, 'minuto', 'minuti')).toBe('0 minuti');
    expect(count(15000, 'riga', 'righe')).toBe('15.000 righe');
    expect(it.desk.age(1)).toBe('dati di 1 minuto fa');
    expect(it.desk.age(5)).toBe('dati di 5 minuti fa');
    expect(it.desk.synced(1, 1)).toBe(
      'Sincronizzazione completata: 1 record ricevuto, 1 modifica inviata.',
    );
    expect(it.table.count(1)).toBe('1 candidato trovato');
    expect(it.export.done(1, 'a.xlsx')).toBe('Esportata 1 riga in a.xlsx');
    expect(it.export.done(25000, 'a.xlsx')).toBe('Esportate 25.000 righe in a.xlsx');
  });
});

describe('error texts', () => {
  test('come from the catalogue, or from the backend where it knows the detail', async () => {
    const { errorText } = await import('../components/ErrorAlert');
    const { BackendError } = await import('../backend');
    expect(errorText(new BackendError('credenziali_errate', 'nome utente o password errati'))).toBe(
      it.errors.codes.credenziali_errate,
    );
    expect(errorText(new BackendError('input_non_valido', 'data di nascita non valida'))).toBe(
      'data di nascita non valida',
    );
  });
});
