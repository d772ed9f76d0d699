import { defineConfig } from 'drizzle-kit';

// Generates versioned SQL migrations from src/database/schema.ts into drizzle/ (committed).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/database/schema.ts',
  out: './drizzle',
});
