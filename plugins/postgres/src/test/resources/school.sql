-- A small school: realistic shapes, unicode, binary data, NULLs, and every kind of object a dump must keep.
create schema admin;

create table students (
    id          serial primary key,
    first_name  text not null,
    last_name   text not null,
    born        date,
    email       text unique,
    photo       bytea,
    notes       text
);

create table staff (
    id          integer generated always as identity primary key,
    name        text not null,
    role        text not null check (role in ('teacher', 'admin', 'librarian')),
    salary      numeric(10,2),
    hired       timestamptz not null default now()
);

create table classes (
    id          serial primary key,
    code        varchar(12) not null unique,
    title       text not null,
    teacher_id  integer references staff(id)
);

create table enrollments (
    student_id  integer not null references students(id),
    class_id    integer not null references classes(id),
    enrolled_on date not null,
    primary key (student_id, class_id)
);

create sequence grade_numbers start 1000 increment 7;

create table grades (
    id          bigint primary key default nextval('grade_numbers'),
    student_id  integer not null references students(id),
    class_id    integer not null references classes(id),
    score       numeric(5,2),
    letter      char(1),
    graded_at   timestamp not null
);
create index grades_student_idx on grades (student_id, class_id);

create table attendance (
    student_id  integer not null references students(id),
    day         date not null,
    present     boolean not null,
    minutes_late smallint,
    primary key (student_id, day)
);

create table admin.library_loans (
    id          bigserial primary key,
    student_id  integer references students(id),
    isbn        char(13) not null,
    title       text not null,
    loaned_at   timestamptz not null,
    returned_at timestamptz,
    cover       bytea,
    meta        jsonb
);

create table audit_log (
    id          bigserial primary key,
    table_name  text not null,
    action      text not null,
    at          timestamptz not null default now()
);

create function audit() returns trigger language plpgsql as $$
begin
    insert into audit_log (table_name, action) values (tg_table_name, tg_op);
    return new;
end;
$$;
create trigger students_audit after insert or update on students for each row execute function audit();

create function average_score(p_student integer) returns numeric language sql stable as $$
    select round(avg(score), 2) from grades where student_id = p_student
$$;

create view report_cards as
    select s.id, s.first_name || ' ' || s.last_name as student, c.code, g.score, g.letter
    from grades g join students s on s.id = g.student_id join classes c on c.id = g.class_id;

insert into staff (name, role, salary, hired) values
    ('Jürgen Müller', 'teacher', 4200.50, '2015-08-01 08:00+02'),
    ('佐藤 花子', 'teacher', 4100.00, '2018-09-01 08:00+09'),
    ('Zoë O''Brien 📚', 'librarian', 3300.75, '2020-01-15 09:00+00'),
    ('Ægir Þórsson', 'admin', NULL, '2021-03-01 09:00+00');

insert into classes (code, title, teacher_id)
    select 'C' || lpad(i::text, 3, '0'), 'Class ' || i || case when i % 5 = 0 then ' – Ökologie 🌱' else '' end,
           case when i % 7 = 0 then null else 1 + i % 2 end
    from generate_series(1, 40) i;

insert into students (first_name, last_name, born, email, photo, notes)
    select (array['Anna','Björn','Chloé','Đức','Émile','Fatma','Günther','Hana','李','Søren','Ωmega','Zoë 😀'])[1 + i % 12],
           'Student' || i,
           date '2008-01-01' + (i % 1500),
           case when i % 10 = 0 then null else 's' || i || '@school.example' end,
           case when i % 3 = 0 then decode(md5(i::text) || '00ff00', 'hex') else null end,
           case when i % 4 = 0 then E'line1\nline2\ttab \\ backslash ''quote'' 東京' else null end
    from generate_series(1, 2000) i;

insert into enrollments (student_id, class_id, enrolled_on)
    select s, c, date '2025-09-01' + (s % 20)
    from generate_series(1, 2000) s, generate_series(1, 40) c
    where (s + c) % 8 = 0;

-- advance the sequence part way, leave a gap, then draw the grades from it
select nextval('grade_numbers') from generate_series(1, 13);

insert into grades (student_id, class_id, score, letter, graded_at)
    select 1 + i % 2000, 1 + i % 40,
           case when i % 97 = 0 then null else (i * 37 % 10000) / 100.0 end,
           case when i % 97 = 0 then null else chr(65 + i % 5) end,
           timestamp '2025-09-01 08:00' + (i || ' minutes')::interval
    from generate_series(1, 120000) i;

insert into attendance (student_id, day, present, minutes_late)
    select s, date '2025-09-01' + d, (s + d) % 11 <> 0, case when (s + d) % 13 = 0 then (s % 30)::smallint end
    from generate_series(1, 2000) s, generate_series(0, 19) d;

insert into admin.library_loans (student_id, isbn, title, loaned_at, returned_at, cover, meta)
    select 1 + i % 2000, lpad((9780000000000 + i)::text, 13, '0'),
           (array['Der Zauberberg','三体','Les Misérables','Ulysses 🐳'])[1 + i % 4],
           timestamptz '2025-09-01 10:00+00' + (i || ' hours')::interval,
           case when i % 6 = 0 then null else timestamptz '2025-09-10 10:00+00' + (i || ' hours')::interval end,
           case when i % 50 = 0 then '\x00010203fffefd'::bytea end,
           jsonb_build_object('copy', i % 3, 'note', case when i % 9 = 0 then 'beschädigt' end)
    from generate_series(1, 5000) i;

update students set notes = coalesce(notes, '') || ' (updated)' where id % 500 = 0;
