import { h } from '../dom.ts';

export const renderEndpoints = async (main: HTMLElement): Promise<void> => {
  main.append(
    h('h1', {}, 'Endpoints'),
    h(
      'p',
      { class: 'notice' },
      'Not here yet: endpoint health (healthy → failing → disabled per tenant × route, disable, enable, recover since a time) is being built in the delivery worker. This page will show it once the platform records it. Until then, the Events and DLQs pages show each delivery’s attempts and failures.',
    ),
  );
};
