import { builder } from './builder.ts';

export const ResourceRef = builder.objectRef<{ id: string; uri: string }>('ResourceRef').implement({
  description: 'A reference to another ngrok resource, such as the API key or user that made a change.',
  fields: (t) => ({
    id: t.exposeString('id'),
    uri: t.exposeString('uri'),
  }),
});
