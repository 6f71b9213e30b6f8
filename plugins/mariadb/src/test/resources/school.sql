-- A small school: realistic shapes, unicode, binary data, NULLs, and every kind of object a dump must keep.
create table students (
    id          int auto_increment primary key,
    first_name  varchar(100) not null,
    last_name   varchar(100) not null,
    born        date,
    email       varchar(200) unique,
    photo       blob,
    notes       text
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci;

create table staff (
    id          int auto_increment primary key,
    name        varchar(100) not null,
    role        enum('teacher','admin','librarian') not null,
    salary      decimal(10,2),
    hired       datetime(6) not null
) engine=InnoDB default charset=utf8mb4;

create table classes (
    id          int auto_increment primary key,
    code        varchar(12) not null unique,
    title       varchar(200) not null,
    teacher_id  int,
    constraint fk_teacher foreign key (teacher_id) references staff(id)
) engine=InnoDB default charset=utf8mb4;

create table enrollments (
    student_id  int not null,
    class_id    int not null,
    enrolled_on date not null,
    primary key (student_id, class_id),
    foreign key (student_id) references students(id),
    foreign key (class_id) references classes(id)
) engine=InnoDB;

create sequence grade_numbers start with 1000 increment by 7;

create table grades (
    id          bigint primary key,
    student_id  int not null,
    class_id    int not null,
    score       decimal(5,2) check (score between 0 and 100),
    letter      char(1),
    graded_at   timestamp(3) not null default current_timestamp(3),
    key grades_student_idx (student_id, class_id)
) engine=InnoDB default charset=utf8mb4;

create table attendance (
    student_id  int not null,
    day         date not null,
    present     boolean not null,
    minutes_late smallint,
    primary key (student_id, day)
) engine=InnoDB;

create table library_loans (
    id          bigint auto_increment primary key,
    student_id  int,
    isbn        char(13) not null,
    title       varchar(300) not null,
    loaned_at   datetime not null,
    returned_at datetime,
    cover       longblob,
    meta        json
) engine=InnoDB default charset=utf8mb4;

create table audit_log (
    id          bigint auto_increment primary key,
    table_name  varchar(64) not null,
    action      varchar(10) not null
) engine=InnoDB;

create trigger students_audit after insert on students for each row
    insert into audit_log (table_name, action) values ('students', 'INSERT');

delimiter //
create function average_score(p_student int) returns decimal(5,2) reads sql data
begin
    return (select round(avg(score), 2) from grades where student_id = p_student);
end//
create procedure enroll(in p_student int, in p_class int)
begin
    insert into enrollments (student_id, class_id, enrolled_on) values (p_student, p_class, current_date());
end//
delimiter ;

create view report_cards as
    select s.id, concat(s.first_name, ' ', s.last_name) as student, c.code, g.score, g.letter
    from grades g join students s on s.id = g.student_id join classes c on c.id = g.class_id;

insert into staff (name, role, salary, hired) values
    ('Jürgen Müller', 'teacher', 4200.50, '2015-08-01 08:00:00.123456'),
    ('佐藤 花子', 'teacher', 4100.00, '2018-09-01 08:00:00'),
    ('Zoë O''Brien 📚', 'librarian', 3300.75, '2020-01-15 09:00:00'),
    ('Ægir Þórsson', 'admin', NULL, '2021-03-01 09:00:00');

insert into classes (code, title, teacher_id)
    select concat('C', lpad(seq, 3, '0')), concat('Class ', seq, if(seq % 5 = 0, ' – Ökologie 🌱', '')),
           if(seq % 7 = 0, null, 1 + seq % 2)
    from seq_1_to_40;

insert into students (first_name, last_name, born, email, photo, notes)
    select elt(1 + seq % 12, 'Anna','Björn','Chloé','Đức','Émile','Fatma','Günther','Hana','李','Søren','Ωmega','Zoë 😀'),
           concat('Student', seq),
           date '2008-01-01' + interval (seq % 1500) day,
           if(seq % 10 = 0, null, concat('s', seq, '@school.example')),
           if(seq % 3 = 0, unhex(concat(md5(seq), '00ff00')), null),
           if(seq % 4 = 0, 'line1\nline2\ttab \\ backslash ''quote'' 東京', null)
    from seq_1_to_2000;

insert into enrollments (student_id, class_id, enrolled_on)
    select s.seq, c.seq, date '2025-09-01' + interval (s.seq % 20) day
    from seq_1_to_2000 s, seq_1_to_40 c where (s.seq + c.seq) % 8 = 0;

-- advance the sequence part way, then draw the grades from it
select nextval(grade_numbers) from seq_1_to_13;

insert into grades (id, student_id, class_id, score, letter, graded_at)
    select 1000 + 7 * (13 + seq), 1 + seq % 2000, 1 + seq % 40,
           if(seq % 97 = 0, null, (seq * 37 % 10000) / 100.0),
           if(seq % 97 = 0, null, char(65 + seq % 5)),
           timestamp '2025-09-01 08:00:00' + interval seq minute
    from seq_1_to_120000;

insert into attendance (student_id, day, present, minutes_late)
    select s.seq, date '2025-09-01' + interval d.seq day, (s.seq + d.seq) % 11 <> 0,
           if((s.seq + d.seq) % 13 = 0, s.seq % 30, null)
    from seq_1_to_2000 s, seq_0_to_19 d;

insert into library_loans (student_id, isbn, title, loaned_at, returned_at, cover, meta)
    select 1 + seq % 2000, lpad(9780000000000 + seq, 13, '0'),
           elt(1 + seq % 4, 'Der Zauberberg', '三体', 'Les Misérables', 'Ulysses 🐳'),
           timestamp '2025-09-01 10:00:00' + interval seq hour,
           if(seq % 6 = 0, null, timestamp '2025-09-10 10:00:00' + interval seq hour),
           if(seq % 50 = 0, unhex('00010203fffefd'), null),
           json_object('copy', seq % 3, 'note', if(seq % 9 = 0, 'beschädigt', null))
    from seq_1_to_5000;

update students set notes = concat(coalesce(notes, ''), ' (updated)') where id % 500 = 0;
