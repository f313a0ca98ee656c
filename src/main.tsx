import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App.tsx';
import { restoreBasePath } from './app/basePath.ts';
import './styles.css';

// a deep link served as 404.html: back to the base path before the store reads the URL
restoreBasePath();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
