// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import { ConfiguredFormDialog } from './configured-form-dialog';
import type { AdapterKind } from './types';

const postgres: AdapterKind = {
  kind: 'postgres',
  label: 'PostgreSQL',
  secretFields: ['password'],
  configSchema: {
    type: 'object',
    properties: {
      host: { type: 'string', minLength: 1, description: 'Host name or IP address' },
      port: { default: 5432, type: 'integer', minimum: 1, maximum: 65535 },
      password: { type: 'string' },
      sslmode: { default: 'prefer', type: 'string', enum: ['disable', 'prefer', 'require'] },
      verbose: { type: 'boolean', default: false },
    },
    required: ['host'],
  },
};

afterEach(cleanup);

function renderDialog(props: Partial<Parameters<typeof ConfiguredFormDialog>[0]> = {}) {
  const onSubmit = vi.fn(async () => undefined);
  const onClose = vi.fn();
  render(<ConfiguredFormDialog noun="source" kinds={[postgres]} onSubmit={onSubmit} onClose={onClose} {...props} />);
  return { onSubmit, onClose };
}

describe('generated source form', () => {
  it('renders labelled controls of the right type from the schema', () => {
    renderDialog();
    expect(screen.getByLabelText(/^Host/)).toHaveProperty('type', 'text');
    expect(screen.getByLabelText(/^Port/)).toHaveProperty('type', 'number');
    expect(screen.getByLabelText(/^Port/)).toHaveProperty('value', '5432');
    expect(screen.getByLabelText(/^Password/)).toHaveProperty('type', 'password');
    expect(screen.getByLabelText(/^SSL mode/).getAttribute('role')).toBe('combobox');
    expect(screen.getByLabelText(/^Verbose/).getAttribute('role')).toBe('switch');
    expect(screen.getByText('Host name or IP address')).toBeTruthy();
  });

  it('blocks submission with messages that say what to fix', async () => {
    const { onSubmit } = renderDialog();
    fireEvent.change(screen.getByLabelText(/^Port/), { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add source' }));
    expect(await screen.findByText('Give the source a name you will recognise')).toBeTruthy();
    expect(screen.getByText('Enter the host')).toBeTruthy();
    expect(screen.getByText('Enter 1 or more')).toBeTruthy();
    expect(screen.getByLabelText(/^Host/).getAttribute('aria-invalid')).toBe('true');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends a typed config and closes', async () => {
    const { onSubmit, onClose } = renderDialog({ withEnvironment: true });
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: ' main db ' } });
    fireEvent.change(screen.getByLabelText(/^Host/), { target: { value: '127.0.0.1' } });
    fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: 's3cret' } });
    fireEvent.click(screen.getByLabelText(/^Verbose/));
    fireEvent.click(screen.getByRole('button', { name: 'Add source' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(onSubmit).toHaveBeenCalledWith({
      name: 'main db',
      kind: 'postgres',
      environment: null,
      config: { host: '127.0.0.1', port: 5432, password: 's3cret', sslmode: 'prefer', verbose: true },
    });
  });

  it('keeps a stored secret on edit and shows server field errors next to the field', async () => {
    const onSubmit = vi.fn(async () => {
      throw new ApiError(400, 'validation', 'Invalid input', [{ path: 'config.host', message: 'host is not reachable from the server' }]);
    });
    renderDialog({ onSubmit, item: { id: 's1', name: 'db', kind: 'postgres', config: { host: 'db', port: 5432, password: '[redacted]', sslmode: 'require' } } });
    const password = screen.getByLabelText(/^Password/);
    expect(password).toHaveProperty('value', '');
    expect(password.getAttribute('placeholder')).toMatch(/leave empty to keep/);
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('host is not reachable from the server')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/not saved.*Invalid input/);
    expect(onSubmit).toHaveBeenCalledWith({ name: 'db', kind: 'postgres', config: { host: 'db', port: 5432, password: '[redacted]', sslmode: 'require', verbose: false } });
  });
});
