import { describe, expect, it } from 'vitest';
import { createElement as h, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { submitOnEnter } from '../actions/submitOnEnter.js';
import { Dialog } from './Dialog.js';
import {
  CheckField,
  CommandDialog,
  DialogButtons,
  Field,
  FormErrorList,
  LoadError,
  SelectField,
  TextField,
  errorId,
  invalidProps,
} from './formParts.js';

describe('invalidProps', () => {
  const errors = { name: ['Give the VM a name.'], 'disks.0.sizeGb': ['Too small.'] };

  it('marks an input with a message invalid and points it at the message', () => {
    const p = invalidProps('disks.0.sizeGb', errors);
    expect(p['aria-invalid']).toBe(true);
    expect(p['aria-describedby']).toBe(errorId('disks.0.sizeGb'));
    expect(p.className.split(' ')).toContain('is-invalid');
  });

  it('leaves an input without a message alone', () => {
    const p = invalidProps('description', errors);
    expect(p['aria-invalid']).toBeUndefined();
    expect(p['aria-describedby']).toBeUndefined();
    expect(p.className.split(' ')).not.toContain('is-invalid');
  });

  it('adds an extra class to what the input would have without it', () => {
    for (const field of ['name', 'description']) {
      const plain = invalidProps(field, errors).className;
      expect(invalidProps(field, errors, 'mono').className).toBe(`${plain} mono`);
    }
  });
});

describe('field rows', () => {
  // The dialogs wrote each row by hand as Field + input + invalidProps; the row
  // components must render exactly that, messages and all.
  const errors = { name: ['Give it a name.'], path: ['Not a path.'] };
  const html = renderToStaticMarkup;
  const noop = () => undefined;
  const row = (props: Omit<Parameters<typeof Field>[0], 'children'>, input: ReactElement) =>
    h(Field, { ...props, children: input });

  it('TextField is a Field around an input tied to its message', () => {
    for (const field of ['name', 'description', 'path']) {
      const mono = field === 'path';
      expect(
        html(
          h(TextField, {
            label: 'L',
            field,
            errors,
            testId: 't',
            value: 'v',
            type: 'number',
            placeholder: 'p',
            title: 'tip',
            mono,
            onChange: noop,
          }),
        ),
      ).toBe(
        html(
          row(
            { label: 'L', field, errors, title: 'tip' },
            h('input', {
              ...invalidProps(field, errors, mono ? 'mono' : undefined),
              'data-testid': 't',
              type: 'number',
              placeholder: 'p',
              value: 'v',
              onChange: noop,
            }),
          ),
        ),
      );
    }
  });

  it('SelectField is a Field around a select tied to its message', () => {
    for (const field of ['name', 'description']) {
      const options = [h('option', { key: 'a', value: 'a' }, 'A')];
      expect(
        html(
          h(SelectField, {
            label: 'L',
            field,
            errors,
            testId: 't',
            value: 'a',
            size: 3,
            onChange: noop,
            children: options,
          }),
        ),
      ).toBe(
        html(
          row(
            { label: 'L', field, errors },
            h(
              'select',
              {
                ...invalidProps(field, errors),
                'data-testid': 't',
                size: 3,
                value: 'a',
                onChange: noop,
              },
              options,
            ),
          ),
        ),
      );
    }
  });

  it('CheckField is a Field around a plain checkbox', () => {
    expect(
      html(
        h(CheckField, {
          label: 'L',
          field: 'name',
          errors,
          testId: 't',
          checked: true,
          disabled: true,
          onChange: noop,
        }),
      ),
    ).toBe(
      html(
        row(
          { label: 'L', field: 'name', errors },
          h('input', {
            type: 'checkbox',
            'data-testid': 't',
            checked: true,
            disabled: true,
            onChange: noop,
          }),
        ),
      ),
    );
  });
});

describe('CommandDialog', () => {
  it('is the Dialog, buttons, load error and messages each command dialog wrote by hand', () => {
    const noop = () => undefined;
    const field = h('input', { key: 'x', 'data-testid': 'x' });
    for (const [okLabel, loadError] of [
      [undefined, undefined],
      ['Upload', new Error('No options.')],
    ] as const) {
      const framed = renderToStaticMarkup(
        h(CommandDialog, {
          title: 'New Thing',
          testId: 'thing-dialog',
          width: 480,
          okTestId: 'thing-ok',
          okLabel,
          busy: true,
          errors: ['Refused.'],
          loadError,
          onClose: noop,
          onSubmit: async () => undefined,
          children: field,
        }),
      );
      const byHand = renderToStaticMarkup(
        h(Dialog, {
          title: 'New Thing',
          testId: 'thing-dialog',
          width: 480,
          onClose: noop,
          onSubmit: noop,
          footer: h(DialogButtons, {
            okLabel: okLabel ?? 'OK',
            okTestId: 'thing-ok',
            busy: true,
            onCancel: noop,
          }),
          children: h(
            'div',
            { className: 'dialog-fields', onKeyDown: submitOnEnter },
            h(LoadError, { error: loadError }),
            h(FormErrorList, { errors: ['Refused.'] }),
            field,
          ),
        }),
      );
      expect(framed).toBe(byHand);
      expect(framed).toContain('Refused.');
    }
  });
});
