import { expect, type Locator, type Page } from '@playwright/test';

/** The admin portal as a person uses it, by the test ids the SPA exposes. */
export class Portal {
  readonly searchInput: Locator;
  readonly searchError: Locator;
  readonly gridTotal: Locator;
  readonly details: Locator;

  constructor(readonly page: Page) {
    this.searchInput = page.getByTestId('search-input');
    this.searchError = page.getByTestId('search-error');
    this.gridTotal = page.getByTestId('grid-total');
    this.details = page.getByTestId('details');
  }

  async open(query?: string): Promise<void> {
    await this.page.goto(query ? `/?q=${encodeURIComponent(query)}` : '/');
    await expect(this.searchInput).toBeVisible();
  }

  async search(query: string): Promise<void> {
    await this.searchInput.fill(query);
    await this.page.getByTestId('search-go').click();
  }

  /** The number the grid's header states, e.g. "1,000 VMs" → 1000. */
  async total(): Promise<number> {
    const text = (await this.gridTotal.textContent()) ?? '';
    const m = /([\d,]+)/.exec(text);
    if (!m) throw new Error(`no total in "${text}"`);
    return Number(m[1]!.replace(/,/g, ''));
  }

  async expectTotal(n: number): Promise<void> {
    await expect.poll(() => this.total().catch(() => -1)).toBe(n);
  }

  /** Values of one column in the rendered rows, top to bottom. */
  async column(colId: string, rows: number): Promise<string[]> {
    const grid = this.page.getByTestId('grid');
    const out: string[] = [];
    for (let i = 0; i < rows; i++) {
      const cell = grid.locator(`[row-index="${i}"] [col-id="${colId}"]`);
      await expect(cell).toBeVisible();
      out.push(((await cell.textContent()) ?? '').trim());
    }
    return out;
  }

  row(index: number): Locator {
    return this.page.getByTestId('grid').locator(`[row-index="${index}"]`);
  }
}
