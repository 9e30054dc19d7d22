using Konnaxion.Ops.Django;
using Konnaxion.Ops.Errors;
using static Konnaxion.Ops.Tests.Django.DjangoRun;

namespace Konnaxion.Ops.Tests.Django
{
    public class CreateSuperuserErrorsTests
    {
        private const string ExistsAction = "Choose another -Username, or remove the user first.";
        private const string InvalidAction = "Correct the value Django rejected, or supply the one it asks for, and try again.";
        private const string FailedAction = "Check that the database is up and migrated, then try again.";

        // Captured from Django 3.2.25: createsuperuser --noinput before migrate.
        private const string UnmigratedDatabaseStderr = """
            Traceback (most recent call last):
              File "/usr/lib/python3/dist-packages/django/db/backends/utils.py", line 84, in _execute
                return self.cursor.execute(sql, params)
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/db/backends/sqlite3/base.py", line 423, in execute
                return Database.Cursor.execute(self, query, params)
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
            sqlite3.OperationalError: no such table: auth_user

            The above exception was the direct cause of the following exception:

            Traceback (most recent call last):
              File "/tmp/kxdj/manage.py", line 22, in <module>
                main()
              File "/tmp/kxdj/manage.py", line 18, in main
                execute_from_command_line(sys.argv)
              File "/usr/lib/python3/dist-packages/django/core/management/__init__.py", line 419, in execute_from_command_line
                utility.execute()
              File "/usr/lib/python3/dist-packages/django/core/management/__init__.py", line 413, in execute
                self.fetch_command(subcommand).run_from_argv(self.argv)
              File "/usr/lib/python3/dist-packages/django/core/management/base.py", line 354, in run_from_argv
                self.execute(*args, **cmd_options)
              File "/usr/lib/python3/dist-packages/django/contrib/auth/management/commands/createsuperuser.py", line 79, in execute
                return super().execute(*args, **options)
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/core/management/base.py", line 398, in execute
                output = self.handle(*args, **options)
                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/contrib/auth/management/commands/createsuperuser.py", line 176, in handle
                error_msg = self._validate_username(username, verbose_field_name, database)
                            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/contrib/auth/management/commands/createsuperuser.py", line 234, in _validate_username
                self.UserModel._default_manager.db_manager(database).get_by_natural_key(username)
              File "/usr/lib/python3/dist-packages/django/contrib/auth/base_user.py", line 45, in get_by_natural_key
                return self.get(**{self.model.USERNAME_FIELD: username})
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/db/models/manager.py", line 85, in manager_method
                return getattr(self.get_queryset(), name)(*args, **kwargs)
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/db/models/query.py", line 431, in get
                num = len(clone)
                      ^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/db/models/query.py", line 262, in __len__
                self._fetch_all()
              File "/usr/lib/python3/dist-packages/django/db/models/query.py", line 1324, in _fetch_all
                self._result_cache = list(self._iterable_class(self))
                                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/db/models/query.py", line 51, in __iter__
                results = compiler.execute_sql(chunked_fetch=self.chunked_fetch, chunk_size=self.chunk_size)
                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/db/models/sql/compiler.py", line 1175, in execute_sql
                cursor.execute(sql, params)
              File "/usr/lib/python3/dist-packages/django/db/backends/utils.py", line 98, in execute
                return super().execute(sql, params)
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/db/backends/utils.py", line 66, in execute
                return self._execute_with_wrappers(sql, params, many=False, executor=self._execute)
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/db/backends/utils.py", line 75, in _execute_with_wrappers
                return executor(sql, params, many, context)
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/db/backends/utils.py", line 79, in _execute
                with self.db.wrap_database_errors:
              File "/usr/lib/python3/dist-packages/django/db/utils.py", line 90, in __exit__
                raise dj_exc_value.with_traceback(traceback) from exc_value
              File "/usr/lib/python3/dist-packages/django/db/backends/utils.py", line 84, in _execute
                return self.cursor.execute(sql, params)
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/lib/python3/dist-packages/django/db/backends/sqlite3/base.py", line 423, in execute
                return Database.Cursor.execute(self, query, params)
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
            django.db.utils.OperationalError: no such table: auth_user
            """;

        // Written in psycopg's format for a custom user model with a unique email; not captured.
        private const string DuplicateEmailStderr = """
            Traceback (most recent call last):
              File "/usr/local/lib/python3.12/site-packages/django/db/backends/utils.py", line 105, in _execute
                return self.cursor.execute(sql, params)
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
            django.db.utils.IntegrityError: duplicate key value violates unique constraint "users_user_email_key"
            DETAIL:  Key (email)=(alice@example.com) already exists.
            """;

        [Fact]
        public void IsNullOnSuccess()
        {
            Assert.Null(CreateSuperuserErrors.ToException(0, null, "alice"));
        }

        [Fact]
        public void MapsATakenUsernameToSuperuserExists()
        {
            var exception = Map("CommandError: Error: That username is already taken.");

            AssertException(exception, KxErrorIds.SuperuserExists, KxErrorCategory.ResourceExists,
                "Error: That username is already taken. " + ExistsAction, ExistsAction);
        }

        [Fact]
        public void MapsATakenTranslatedUsernameToSuperuserExists()
        {
            // Django leaves this message untranslated but the field name follows LANGUAGE_CODE.
            var exception = Map("CommandError: Error: That nom d’utilisateur is already taken.");

            AssertException(exception, KxErrorIds.SuperuserExists, KxErrorCategory.ResourceExists,
                "Error: That nom d’utilisateur is already taken. " + ExistsAction, ExistsAction);
        }

        [Fact]
        public void MapsAUniqueViolationToSuperuserExists()
        {
            var exception = Map(DuplicateEmailStderr);

            AssertException(exception, KxErrorIds.SuperuserExists, KxErrorCategory.ResourceExists,
                "django.db.utils.IntegrityError: duplicate key value violates unique constraint \"users_user_email_key\"\n"
                + "DETAIL:  Key (email)=(alice@example.com) already exists.\n" + ExistsAction,
                ExistsAction);
        }

        [Theory]
        [InlineData("CommandError: Enter a valid email address.", "Enter a valid email address.")]
        [InlineData("CommandError: You must use --username with --noinput.", "You must use --username with --noinput.")]
        [InlineData("CommandError: Username cannot be blank.", "Username cannot be blank.")]
        [InlineData("CommandError: Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.",
            "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.")]
        [InlineData("CommandError: Saisissez une adresse de courriel valide.", "Saisissez une adresse de courriel valide.")]
        [InlineData("CommandError: Nom d’utilisateur cannot be blank.", "Nom d’utilisateur cannot be blank.")]
        [InlineData("CommandError: This field cannot be blank.", "This field cannot be blank.")]
        [InlineData("CommandError: This password is too short. It must contain at least 8 characters.",
            "This password is too short. It must contain at least 8 characters.")]
        public void MapsRejectedValuesToSuperuserInvalid(string stderr, string djangoText)
        {
            var exception = Map(stderr);

            AssertException(exception, KxErrorIds.SuperuserInvalid, KxErrorCategory.InvalidArgument,
                djangoText + " " + InvalidAction, InvalidAction);
        }

        [Fact]
        public void MapsADatabaseErrorToDjangoCommandFailed()
        {
            var exception = Map(UnmigratedDatabaseStderr);

            AssertException(exception, KxErrorIds.DjangoCommandFailed, KxErrorCategory.InvalidOperation,
                "createsuperuser failed: django.db.utils.OperationalError: no such table: auth_user " + FailedAction, FailedAction);
        }

        [Fact]
        public void MapsAFailureWithoutStderrToDjangoCommandFailed()
        {
            var exception = CreateSuperuserErrors.ToException(137, null, "alice");

            AssertException(exception, KxErrorIds.DjangoCommandFailed, KxErrorCategory.InvalidOperation,
                "createsuperuser exited with code 137 and printed no error. " + FailedAction, FailedAction);
        }

        private static KxException? Map(string stderr) => CreateSuperuserErrors.ToException(1, ReadError(stderr), "alice");

        private static void AssertException(KxException? exception, string errorId, KxErrorCategory category, string message,
            string recommendedAction)
        {
            Assert.NotNull(exception);
            Assert.Equal(errorId, exception.ErrorId);
            Assert.Equal(category, exception.Category);
            Assert.Equal("alice", exception.TargetObject);
            Assert.Equal(message, exception.Message);
            Assert.Equal(recommendedAction, exception.RecommendedAction);
        }
    }
}
