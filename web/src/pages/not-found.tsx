import { useApp } from '../app-context';
import { Link, PageTitle } from '../components/ui';
import { startPage } from '../lib/roles';

export function NotFoundPage() {
  const { t, principal } = useApp();
  return (
    <div>
      <PageTitle>{t('notfound.title')}</PageTitle>
      <p>{t('notfound.text')}</p>
      <p>
        <Link href={principal ? startPage(principal.roles) : '/login'}>{t('notfound.home')}</Link>
      </p>
    </div>
  );
}
