export { attachConsoleProxy, type ConsoleProxy, type ConsoleProxyDeps } from './proxy.js';
export { openConsole, type ConsoleOpened, type ConsoleOpenInput } from './open.js';
export { signTicket, verifyTicket, TICKET_TTL_MS, type ConsoleTicketClaims } from './ticket.js';
export { consoleSecret, consumeTicket } from './store.js';
